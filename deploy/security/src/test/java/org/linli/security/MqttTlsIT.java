package org.linli.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.security.RenderedSite.CLOUD;
import static org.linli.security.RenderedSite.GW_A;
import static org.linli.security.RenderedSite.GW_B;
import static org.linli.security.RenderedSite.topic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS listener of the production broker config with the site CA, server certificate and gateway
 * client certificates that {@code linli-config render --tls} made for the demo site. Wrong and expired
 * certificates are issued here with BouncyCastle. The cloud listens on the password listener, so a
 * refused publish is checked with a marker as in {@link MqttAccountsIT}.
 */
@Timeout(60)
class MqttTlsIT {
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    static Path dir;
    private static RenderedSite site;
    private static ProductionBroker broker;
    private static Certs.Ca siteCa;

    private Mqtt mqtt;
    private Mqtt.Client cloud;

    @BeforeAll
    static void start() throws Exception {
        site = RenderedSite.render(dir);
        broker = ProductionBroker.start(dir.resolve("broker"), site.broker());
        siteCa = Certs.load(site.siteCaCert(), site.siteCaKey());
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void connectCloud() throws Exception {
        mqtt = new Mqtt();
        cloud = mqtt.connect(broker.plainUri(), "linli-cloud-" + UUID.randomUUID(), CLOUD, site.password(CLOUD), null);
        assertEquals(1, cloud.subscribe("linli/v1/huayuan/+/readings"));
    }

    @AfterEach
    void close() {
        mqtt.close();
    }

    /** What a gateway's bundle holds: the site CA to trust and its own certificate and key. */
    private static SSLContext bundle(String gateway) throws Exception {
        Path files = site.gatewayFiles(gateway);
        return Certs.context(files.resolve("ca.crt"), new Certs.Issued(files.resolve("client.crt"), files.resolve("client.key")));
    }

    @Test
    void shouldLetAGatewayCertificatePublishItsOwnReadings() throws Exception {
        Mqtt.Client a = mqtt.connect(broker.tlsUri(), "linli-huayuan-gw-01", null, null, bundle(GW_A));

        assertEquals(0, a.publish(topic(GW_A, "readings"), "over tls"));

        assertEquals(topic(GW_A, "readings") + " over tls", cloud.received().poll(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldRefuseAClientWithoutACertificate() throws Exception {
        SSLContext trustOnly = Certs.context(site.broker().resolve("ca.crt"), null);
        assertThrows(MqttException.class,
                () -> mqtt.connect(broker.tlsUri(), "linli-huayuan-gw-01", GW_A, site.password(GW_A), trustOnly));
    }

    @Test
    void shouldFailWhenTheClientTrustsAnotherCa() throws Exception {
        Certs.Ca other = Certs.newCa("Not the site CA");
        Path otherCa = Certs.writeCa(other, dir.resolve("other-ca.crt"));
        Path files = site.gatewayFiles(GW_A);
        SSLContext wrongTrust = Certs.context(otherCa, new Certs.Issued(files.resolve("client.crt"), files.resolve("client.key")));

        assertThrows(MqttException.class, () -> mqtt.connect(broker.tlsUri(), "linli-huayuan-gw-01", null, null, wrongTrust));
    }

    @Test
    void shouldRefuseAClientCertificateOfAnotherCa() throws Exception {
        Certs.Ca other = Certs.newCa("An attacker's CA");
        Instant now = Instant.now();
        Certs.Issued forged = Certs.client(other, GW_A, now.minus(DAY), now.plus(DAY), dir.resolve("forged"));
        SSLContext context = Certs.context(site.broker().resolve("ca.crt"), forged);

        assertThrows(MqttException.class, () -> mqtt.connect(broker.tlsUri(), "linli-huayuan-gw-01", null, null, context));
    }

    /** The control for the refusals below: a certificate issued here by the site CA, valid today, gets in. */
    @Test
    void shouldAcceptAValidCertificateIssuedHereByTheSiteCa() throws Exception {
        Instant now = Instant.now();
        Certs.Issued fresh = Certs.client(siteCa, GW_A, now.minus(DAY), now.plus(DAY), dir.resolve("fresh"));
        Mqtt.Client a = mqtt.connect(broker.tlsUri(), "linli-huayuan-gw-01", null, null,
                Certs.context(site.broker().resolve("ca.crt"), fresh));

        assertEquals(0, a.publish(topic(GW_A, "readings"), "fresh"));
        assertEquals(topic(GW_A, "readings") + " fresh", cloud.received().poll(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldRefuseAnExpiredClientCertificateOfTheSiteCa() throws Exception {
        Instant now = Instant.now();
        Certs.Issued expired = Certs.client(siteCa, GW_A, now.minus(Duration.ofDays(400)), now.minus(DAY), dir.resolve("expired"));
        SSLContext context = Certs.context(site.broker().resolve("ca.crt"), expired);

        assertThrows(MqttException.class, () -> mqtt.connect(broker.tlsUri(), "linli-huayuan-gw-01", null, null, context));
    }

    @Test
    void shouldRefuseAClientCertificateThatIsNotValidYet() throws Exception {
        Instant now = Instant.now();
        Certs.Issued early = Certs.client(siteCa, GW_A, now.plus(DAY), now.plus(Duration.ofDays(400)), dir.resolve("early"));
        SSLContext context = Certs.context(site.broker().resolve("ca.crt"), early);

        assertThrows(MqttException.class, () -> mqtt.connect(broker.tlsUri(), "linli-huayuan-gw-01", null, null, context));
    }

    @Test
    void shouldIgnoreTheUsernameAClientSendsBesideItsCertificate() throws Exception {
        // gw-01's certificate, claiming to be gw-02 by username and password: the CN wins.
        Mqtt.Client a = mqtt.connect(broker.tlsUri(), "linli-huayuan-gw-02", GW_B, site.password(GW_B), bundle(GW_A));

        int refused = a.publish(topic(GW_B, "readings"), "forged");
        a.publish(topic(GW_A, "readings"), "marker");

        assertEquals(topic(GW_A, "readings") + " marker", cloud.received().poll(10, TimeUnit.SECONDS));
        assertEquals(Mqtt.NOT_AUTHORIZED, refused);
    }

    @Test
    void shouldNotLetAGatewayKickAnotherOffByItsClientId() throws Exception {
        Mqtt.Client victim = mqtt.connect(broker.tlsUri(), "linli-huayuan-gw-02", null, null, bundle(GW_B));

        // gw-01's valid certificate with gw-02's client id: the broker replaces the id by gw-01's username
        // (use_username_as_clientid), so gw-02's session is not taken over.
        Mqtt.Client attacker = mqtt.connect(broker.tlsUri(), "linli-huayuan-gw-02", null, null, bundle(GW_A));
        assertEquals(0, attacker.publish(topic(GW_A, "readings"), "attacker's own"));
        assertEquals(topic(GW_A, "readings") + " attacker's own", cloud.received().poll(10, TimeUnit.SECONDS));

        assertTrue(victim.paho().isConnected(), "gw-02 is still connected");
        assertEquals(0, victim.publish(topic(GW_B, "readings"), "still here"));
        assertEquals(topic(GW_B, "readings") + " still here", cloud.received().poll(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldNotLetAGatewayKickTheCloudOffByItsClientId() throws Exception {
        // The cloud's session holds every reading queued while it is away: a gateway must not end it.
        String cloudId = cloud.paho().getClientId();
        Mqtt.Client attacker = mqtt.connect(broker.tlsUri(), cloudId, null, null, bundle(GW_A));
        assertEquals(0, attacker.publish(topic(GW_A, "readings"), "as the cloud's id"));

        assertEquals(topic(GW_A, "readings") + " as the cloud's id", cloud.received().poll(10, TimeUnit.SECONDS));
        assertTrue(cloud.paho().isConnected(), "the cloud is still connected");
    }

    @Test
    void shouldRefusePlainMqttOnTheTlsPort() {
        String plainOnTlsPort = broker.tlsUri().replace("ssl://", "tcp://");
        assertThrows(MqttException.class,
                () -> mqtt.connect(plainOnTlsPort, "linli-huayuan-gw-01", GW_A, site.password(GW_A), null));
    }

    /** The control for the two broker-certificate refusals: a valid server certificate issued here works. */
    @Test
    void shouldAcceptABrokerCertificateIssuedHereByTheSiteCa() throws Exception {
        Instant now = Instant.now();
        Path doctored = brokerFilesWith(Certs.server(siteCa, RenderedSite.BROKER_HOST, now.minus(DAY), now.plus(DAY),
                dir.resolve("fresh-server")), "fresh-server-files");
        try (ProductionBroker fresh = ProductionBroker.start(dir.resolve("fresh-broker"), doctored)) {
            Mqtt.Client a = mqtt.connect(fresh.tlsUri(), "linli-huayuan-gw-01", null, null, bundle(GW_A));
            int code = a.publish(topic(GW_A, "readings"), "fresh broker");
            // 0x10 "no matching subscribers" is a success: no cloud listens on this broker.
            assertTrue(code < 0x80, "PUBACK " + code);
        }
    }

    @Test
    void shouldRefuseABrokerWhoseCertificateExpired() throws Exception {
        Instant now = Instant.now();
        Path doctored = brokerFilesWith(Certs.server(siteCa, RenderedSite.BROKER_HOST, now.minus(Duration.ofDays(400)),
                now.minus(DAY), dir.resolve("expired-server")), "expired-server-files");
        try (ProductionBroker expired = ProductionBroker.start(dir.resolve("expired-broker"), doctored)) {
            MqttException e = assertThrows(MqttException.class,
                    () -> mqtt.connect(expired.tlsUri(), "linli-huayuan-gw-01", null, null, bundle(GW_A)));
            assertEquals(MqttException.REASON_CODE_CLIENT_EXCEPTION, e.getReasonCode(), e.toString());
        }
    }

    @Test
    void shouldRefuseABrokerCertificateForAnotherHost() throws Exception {
        Instant now = Instant.now();
        Path doctored = brokerFilesWith(Certs.server(siteCa, "10.9.9.9", now.minus(DAY), now.plus(DAY),
                dir.resolve("other-host-server")), "other-host-files");
        try (ProductionBroker elsewhere = ProductionBroker.start(dir.resolve("other-host-broker"), doctored)) {
            assertThrows(MqttException.class,
                    () -> mqtt.connect(elsewhere.tlsUri(), "linli-huayuan-gw-01", null, null, bundle(GW_A)));
        }
    }

    /** A copy of the rendered broker files with another server certificate and key. */
    private static Path brokerFilesWith(Certs.Issued server, String name) throws Exception {
        Path copy = Files.createDirectories(dir.resolve(name));
        try (var files = Files.list(site.broker())) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(server.cert(), copy.resolve("server.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(server.key(), copy.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }
}
