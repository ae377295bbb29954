package org.linli.gateway.mqtt;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.linli.config.BrokerSettings;
import org.linli.gateway.testing.TlsSite;

import javax.net.ssl.SSLSocketFactory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class BrokerLoginTlsTest {
    @TempDir
    static Path rendered;

    private static TlsSite site;

    @BeforeAll
    static void render() throws Exception {
        site = TlsSite.render(rendered, "ssl://127.0.0.1:8883");
    }

    @Test
    void shouldConnectWithACertificateAloneWithoutUsernameOrPassword(Vertx vertx, VertxTestContext test) {
        Path gw = site.bundle("gw-01");
        BrokerSettings broker = new BrokerSettings("ssl://127.0.0.1:8883", null, null,
                gw.resolve("ca.crt"), gw.resolve("client.crt"), gw.resolve("client.key"));

        BrokerLogin.apply(vertx, broker, new MqttConnectionOptions()).onComplete(test.succeeding(o -> test.verify(() -> {
            assertInstanceOf(SSLSocketFactory.class, o.getSocketFactory());
            assertTrue(o.isHttpsHostnameVerificationEnabled());
            assertNull(o.getUserName());
            assertNull(o.getPassword());
            test.completeNow();
        })));
    }

    @Test
    void shouldFailNamingAMissingKeyFile(Vertx vertx, VertxTestContext test) {
        Path gw = site.bundle("gw-01");
        Path missing = gw.resolve("nope.key");
        BrokerSettings broker = new BrokerSettings("ssl://127.0.0.1:8883", null, null,
                gw.resolve("ca.crt"), gw.resolve("client.crt"), missing);

        BrokerLogin.apply(vertx, broker, new MqttConnectionOptions()).onComplete(test.failing(e -> test.verify(() -> {
            assertEquals("cannot set up TLS for ssl://127.0.0.1:8883: client key " + missing + " does not exist", e.getMessage());
            test.completeNow();
        })));
    }

    @Test
    void shouldLeaveAPlainTcpBrokerWithoutSocketFactory(Vertx vertx, VertxTestContext test) {
        BrokerLogin.apply(vertx, new BrokerSettings("tcp://127.0.0.1:1883", "gw-01", null), new MqttConnectionOptions())
                .onComplete(test.succeeding(o -> test.verify(() -> {
                    assertNull(o.getSocketFactory());
                    assertEquals("gw-01", o.getUserName());
                    test.completeNow();
                })));
    }
}
