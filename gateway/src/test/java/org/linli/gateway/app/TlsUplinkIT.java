package org.linli.gateway.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.linli.config.GatewayConfig;
import org.linli.gateway.mqtt.MqttLink;
import org.linli.gateway.mqtt.PemTls;
import org.linli.gateway.testing.MqttTestClient;
import org.linli.gateway.testing.TlsSite;
import org.linli.testkit.MosquittoProcess;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.Topics;
import org.linli.wire.WireCodec;
import org.linli.wire.WireException;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.app.GatewayIT.await;
import static org.linli.gateway.testing.Eventually.eventually;

/**
 * The gateway on the material {@code linli-config render --tls} produces, against a real Mosquitto
 * with the rendered broker files: a TLS listener with the site CA, {@code require_certificate} and
 * {@code use_identity_as_username}, so the ACL's {@code %u} is the certificate's CN.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class TlsUplinkIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String READINGS = Topics.readings(TlsSite.SITE, "gw-01");
    private static final String STATUS = Topics.status(TlsSite.SITE, "gw-01");

    @TempDir
    Path tmp;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final ListAppender<ILoggingEvent> linkLog = new ListAppender<>();
    private MosquittoProcess broker;
    private TlsSite site;
    private String uri;
    private GatewayApp app;

    @BeforeEach
    void renderAndStartTheBroker() throws Exception {
        int port = freePort();
        uri = "ssl://127.0.0.1:" + port;
        site = TlsSite.render(tmp.resolve("out"), uri);
        Path b = site.broker();
        broker = MosquittoProcess.start(tmp.resolve("broker"), String.join("\n",
                "allow_anonymous false",
                "password_file " + b.resolve("passwd"),
                "acl_file " + b.resolve("acl"),
                "listener " + port + " 127.0.0.1",
                "cafile " + b.resolve("ca.crt"),
                "certfile " + b.resolve("server.crt"),
                "keyfile " + b.resolve("server.key"),
                "require_certificate true",
                "use_identity_as_username true"));
        linkLog.start();
        ((Logger) LoggerFactory.getLogger(MqttLink.class)).addAppender(linkLog);
    }

    @AfterEach
    void stopEverything() throws Exception {
        ((Logger) LoggerFactory.getLogger(MqttLink.class)).detachAppender(linkLog);
        if (app != null) {
            await(app.stop());
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void shouldCarryAMockPinReadingToTheCloudOverTlsWithTheRenderedBundle(Vertx vertx, VertxTestContext test) throws Exception {
        MqttTestClient cloud = cloud().subscribe(READINGS).subscribe(STATUS);

        app = await(GatewayApp.start(vertx, site.config("gw-01", site.bundle("gw-01"))));

        await(until(vertx, "the initial level of pir-1 on the cloud", () -> values(cloud).equals(List.of(0.0))));
        assertTrue(app.uplinkStats().connected());
        await(until(vertx, "the online status", () -> cloud.received().stream()
                .anyMatch(r -> r.topic().equals(STATUS) && r.text().contains("\"state\":\"online\""))));
        test.completeNow();
    }

    @Test
    void shouldConnectWithTheCertificateAloneWithoutUsernameOrPassword(Vertx vertx, VertxTestContext test) throws Exception {
        MqttTestClient cloud = cloud().subscribe(READINGS);
        GatewayConfig config = site.config("gw-01", site.bundle("gw-01"),
                yaml -> yaml.replaceAll("(?m)^ *(username|passwordFile): .*\n", ""));
        assertEquals(null, config.cloudBroker().username());
        assertEquals(null, config.cloudBroker().passwordFile());

        app = await(GatewayApp.start(vertx, config));

        await(until(vertx, "the initial level of pir-1 on the cloud", () -> values(cloud).equals(List.of(0.0))));
        test.completeNow();
    }

    @Test
    void shouldRefuseAGatewayShowingAnotherGatewaysCertificateOnThisGatewaysTopics(Vertx vertx, VertxTestContext test)
            throws Exception {
        MqttTestClient cloud = cloud().subscribe(READINGS).subscribe(STATUS);
        Path gw01 = site.bundle("gw-01").toAbsolutePath();
        Path gw02 = site.bundle("gw-02").toAbsolutePath();
        // gw-01's config, client id and username, gw-02's certificate: the broker goes by the certificate.
        GatewayConfig config = site.config("gw-01", gw01, yaml -> yaml
                .replace(gw01.resolve("client.crt").toString(), gw02.resolve("client.crt").toString())
                .replace(gw01.resolve("client.key").toString(), gw02.resolve("client.key").toString()));
        assertEquals(gw02.resolve("client.crt"), config.cloudBroker().certFile());

        app = await(GatewayApp.start(vertx, config));

        await(until(vertx, "a refused PUBACK", () -> app.uplinkStats().connected() && app.uplinkStats().publishFailures() >= 1));
        assertEquals(1, app.uplinkStats().bufferedReadings(), "the reading stays buffered");
        assertEquals(0, app.uplinkStats().batchesAcked());
        assertTrue(cloud.received().isEmpty(), "nothing reached gw-01's topics: " + cloud.received());
        test.completeNow();
    }

    @Test
    void shouldKeepRetryingABrokerWhoseCertificateIsNotFromTheTrustedCa(Vertx vertx, VertxTestContext test) throws Exception {
        TlsSite otherSite = TlsSite.render(tmp.resolve("other"), uri);
        Path gw01 = site.bundle("gw-01").toAbsolutePath();
        Path otherCa = otherSite.bundle("gw-01").toAbsolutePath().resolve("ca.crt");
        GatewayConfig config = site.config("gw-01", gw01, yaml -> yaml.replace(gw01.resolve("ca.crt").toString(), otherCa.toString()));
        assertEquals(otherCa, config.cloudBroker().caFile());

        app = await(GatewayApp.start(vertx, config));

        await(until(vertx, "two refused attempts", () -> warnings("cannot connect to " + uri).size() >= 2));
        String warning = warnings("cannot connect to " + uri).get(0);
        assertTrue(warning.contains("TLS: the broker's certificate is not from a trusted CA (check caFile)"), warning);
        assertFalse(app.uplinkStats().connected());
        assertEquals(1, app.uplinkStats().bufferedReadings(), "the gateway runs on and buffers");
        test.completeNow();
    }

    @Test
    void shouldRefuseABrokerWhoseCertificateNamesAnotherHost(Vertx vertx, VertxTestContext test) throws Exception {
        // The server certificate names 127.0.0.1; reaching the same broker as "localhost" must fail.
        String byName = uri.replace("127.0.0.1", "localhost");
        GatewayConfig config = site.config("gw-01", site.bundle("gw-01"), yaml -> yaml.replace(uri, byName));
        assertEquals(byName, config.cloudBroker().uri());

        app = await(GatewayApp.start(vertx, config));

        await(until(vertx, "a refused attempt", () -> !warnings("cannot connect to " + byName).isEmpty()));
        String warning = warnings("cannot connect to " + byName).get(0);
        assertTrue(warning.contains("TLS: the broker's certificate does not name the host") && warning.contains("localhost"),
                warning);
        assertFalse(app.uplinkStats().connected());
        test.completeNow();
    }

    @Test
    void shouldFailToStartNamingAMissingKeyFile(Vertx vertx, VertxTestContext test) throws Exception {
        Path gw01 = site.bundle("gw-01").toAbsolutePath();
        Path missing = tmp.resolve("not-copied/client.key");
        GatewayConfig config = site.config("gw-01", gw01, yaml -> yaml.replace(gw01.resolve("client.key").toString(), missing.toString()));

        GatewayApp.start(vertx, config).onComplete(test.failing(e -> test.verify(() -> {
            assertEquals("cannot set up TLS for " + uri + ": client key " + missing + " does not exist", e.getMessage());
            test.completeNow();
        })));
    }

    private MqttTestClient cloud() throws Exception {
        MqttTestClient client = MqttTestClient.connect(uri, "it-cloud", false, PemTls.socketFactory(
                site.broker().resolve("ca.crt"), site.secret("linli-cloud.crt"), site.secret("linli-cloud.key")));
        closeAfter.add(client);
        return client;
    }

    private List<String> warnings(String containing) {
        return linkLog.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(containing)).toList();
    }

    private List<Double> values(MqttTestClient cloud) {
        List<Double> out = new ArrayList<>();
        try {
            for (MqttTestClient.Received r : cloud.received()) {
                if (r.topic().equals(READINGS)) {
                    ReadingBatch batch = new WireCodec().decode(r.payload());
                    for (Reading reading : batch.readings()) {
                        if (reading.sensor().equals("pir-1")) {
                            out.add(reading.values().get("occupied"));
                        }
                    }
                }
            }
        } catch (WireException e) {
            throw new AssertionError("the cloud could not decode a batch: " + e.getMessage(), e);
        }
        return out;
    }

    private static Future<Void> until(Vertx vertx, String what, BooleanSupplier condition) {
        return eventually(vertx, what, WAIT, condition);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
