package org.linli.config.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.linli.testkit.MosquittoProcess;

/**
 * The --tls material in a real Mosquitto: a TLS listener with the rendered server certificate,
 * {@code require_certificate} and {@code use_identity_as_username}, so the ACL's {@code %u} is the
 * certificate's CN.
 */
@Timeout(60)
class TlsBrokerIT {
    @TempDir
    Path tmp;

    private MosquittoProcess broker;
    private final List<MqttClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        for (MqttClient c : clients) {
            try {
                c.disconnect();
                c.close();
            } catch (MqttException e) {
                // already gone
            }
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void shouldLetAGatewayCertificateWriteOnlyItsOwnTopics() throws Exception {
        Path out = tmp.resolve("out");
        int port = freePort();
        Qinghe.render(Qinghe.options(out, "ssl://127.0.0.1:" + port, true, null));
        Path b = out.resolve("broker");
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
        String uri = "ssl://127.0.0.1:" + port;
        BlockingQueue<String> cloudGot = new LinkedBlockingQueue<>();
        MqttClient cloud = connect(uri, out.resolve("secrets/linli-cloud.crt"), out.resolve("secrets/linli-cloud.key"),
                b.resolve("ca.crt"), "cloud");
        cloud.setCallback(new Collector(cloudGot));
        cloud.subscribe("linli/v1/qinghe/+/readings", 1);
        Path north = out.resolve("gateways/gw-north/linli");
        MqttClient gw = connect(uri, north.resolve("client.crt"), north.resolve("client.key"), north.resolve("ca.crt"), "gw-central");

        IMqttToken forged = gw.getTopic("linli/v1/qinghe/gw-central/readings").publish(message("forged"));
        forged.waitForCompletion(10_000);
        gw.publish("linli/v1/qinghe/gw-north/readings", message("batch"));

        assertEquals("linli/v1/qinghe/gw-north/readings batch", cloudGot.poll(10, TimeUnit.SECONDS));
        assertEquals(0x87, forged.getReasonCodes()[0], "the CN, not the client id, decides");
    }

    @Test
    void shouldRefuseAClientWithoutACertificate() throws Exception {
        Path out = tmp.resolve("out");
        int port = freePort();
        Qinghe.render(Qinghe.options(out, "ssl://127.0.0.1:" + port, true, null));
        Path b = out.resolve("broker");
        broker = MosquittoProcess.start(tmp.resolve("broker"), String.join("\n",
                "allow_anonymous false", "password_file " + b.resolve("passwd"), "acl_file " + b.resolve("acl"),
                "listener " + port + " 127.0.0.1", "cafile " + b.resolve("ca.crt"), "certfile " + b.resolve("server.crt"),
                "keyfile " + b.resolve("server.key"), "require_certificate true", "use_identity_as_username true"));

        MqttClient client = new MqttClient("ssl://127.0.0.1:" + port, "nocert", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(sslContext(null, null, b.resolve("ca.crt")).getSocketFactory());
        o.setUserName("gw-north");
        o.setPassword(Qinghe.password(out, "gw-north").getBytes(StandardCharsets.UTF_8));
        o.setConnectionTimeout(10);
        assertThrows(MqttException.class, () -> client.connect(o));
        client.close();
    }

    private MqttClient connect(String uri, Path crt, Path key, Path ca, String clientId) throws Exception {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setSocketFactory(sslContext(crt, key, ca).getSocketFactory());
        o.setConnectionTimeout(10);
        client.connect(o);
        clients.add(client);
        return client;
    }

    private static SSLContext sslContext(Path crt, Path key, Path ca) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", cf.generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (crt != null) {
            Certificate cert;
            try (InputStream in = Files.newInputStream(crt)) {
                cert = cf.generateCertificate(in);
            }
            PrivateKey pk;
            try (Reader r = Files.newBufferedReader(key); PEMParser p = new PEMParser(r)) {
                pk = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject());
            }
            keys.setKeyEntry("client", pk, new char[0], new Certificate[] {cert});
        }
        kmf.init(keys, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static MqttMessage message(String text) {
        MqttMessage m = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return m;
    }

    /** Paho 1.2.5's per-subscription listener recurses forever; the client callback works. */
    private record Collector(BlockingQueue<String> into) implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            into.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
