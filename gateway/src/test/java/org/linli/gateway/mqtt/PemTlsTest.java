package org.linli.gateway.mqtt;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linli.gateway.testing.TlsSite;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** PEM → SSLSocketFactory with the material {@code linli-config render --tls} writes, JDK only. */
@org.junit.jupiter.api.Timeout(60)
class PemTlsTest {
    @TempDir
    static Path rendered;
    @TempDir
    Path tmp;

    private static TlsSite site;
    private static TlsSite otherSite;

    @BeforeAll
    static void render() throws Exception {
        site = TlsSite.render(rendered.resolve("site"), "ssl://127.0.0.1:8883");
        otherSite = TlsSite.render(rendered.resolve("other"), "ssl://127.0.0.1:8883");
    }

    @Test
    void shouldShakeHandsWithTheRenderedBrokerCertificateShowingTheGatewaysCertificate() throws Exception {
        Path gw = site.bundle("gw-01");
        SSLSocketFactory factory = PemTls.socketFactory(gw.resolve("ca.crt"), gw.resolve("client.crt"), gw.resolve("client.key"));

        try (SSLServerSocket server = server(site)) {
            CompletableFuture<String> peer = accept(server);
            try (SSLSocket client = (SSLSocket) factory.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                client.startHandshake();
                assertTrue(client.getSession().getProtocol().matches("TLSv1\\.[23]"), client.getSession().getProtocol());
            }
            assertTrue(peer.get(10, TimeUnit.SECONDS).contains("CN=gw-01"), "the broker sees the gateway id as CN");
        }
    }

    @Test
    void shouldEnableOnlyTls12AndTls13() throws Exception {
        Path gw = site.bundle("gw-01");
        SSLSocketFactory factory = PemTls.socketFactory(gw.resolve("ca.crt"), null, null);

        try (SSLSocket socket = (SSLSocket) factory.createSocket()) {
            for (String p : socket.getEnabledProtocols()) {
                assertTrue(p.equals("TLSv1.3") || p.equals("TLSv1.2"), p);
            }
        }
    }

    @Test
    void shouldRefuseABrokerCertificateOfAnotherCa() throws Exception {
        Path gw = site.bundle("gw-01");
        Path otherCa = otherSite.bundle("gw-01").resolve("ca.crt");
        SSLSocketFactory factory = PemTls.socketFactory(otherCa, gw.resolve("client.crt"), gw.resolve("client.key"));

        try (SSLServerSocket server = server(site)) {
            accept(server);
            try (SSLSocket client = (SSLSocket) factory.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                IOException e = assertThrows(IOException.class, client::startHandshake);
                assertTrue(String.valueOf(e.getMessage()).contains("PKIX"), e.getMessage());
            }
        }
    }

    @Test
    void shouldNameAMissingCaFile() {
        Path missing = tmp.resolve("ca.crt");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PemTls.socketFactory(missing, null, null));

        assertEquals("CA file " + missing + " does not exist", e.getMessage());
    }

    @Test
    void shouldNameAGarbledCertificate() throws Exception {
        Path gw = site.bundle("gw-01");
        Path garbled = Files.writeString(tmp.resolve("client.crt"),
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PemTls.socketFactory(gw.resolve("ca.crt"), garbled, gw.resolve("client.key")));

        assertTrue(e.getMessage().startsWith("client certificate " + garbled + " is not a PEM X.509 certificate"), e.getMessage());
    }

    @Test
    void shouldNameACaFileWithoutCertificates() throws Exception {
        Path empty = Files.writeString(tmp.resolve("ca.crt"), "");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PemTls.socketFactory(empty, null, null));

        assertTrue(e.getMessage().startsWith("CA file " + empty + " "), e.getMessage());
    }

    @Test
    void shouldNameAnUnreadableKeyFile() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads any file");
        Path gw = site.bundle("gw-01");
        Path key = Files.copy(gw.resolve("client.key"), tmp.resolve("client.key"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PemTls.socketFactory(gw.resolve("ca.crt"), gw.resolve("client.crt"), key));

        assertEquals("client key " + key + " cannot be read by this user (check its owner and mode)", e.getMessage());
    }

    @Test
    void shouldNameAGarbledKeyWithoutPrintingIt() throws Exception {
        Path gw = site.bundle("gw-01");
        String body = Files.readString(gw.resolve("client.key")).lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        String garbledBody = new StringBuilder(body).reverse().toString();
        Path key = Files.writeString(tmp.resolve("client.key"),
                "-----BEGIN PRIVATE KEY-----\n" + garbledBody + "\n-----END PRIVATE KEY-----\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PemTls.socketFactory(gw.resolve("ca.crt"), gw.resolve("client.crt"), key));

        assertEquals("client key " + key + " is not an EC or RSA PKCS#8 private key", e.getMessage());
        assertFalse(e.getMessage().contains(garbledBody.substring(0, 16)));
    }

    @Test
    void shouldExplainHowToConvertASec1Key() throws Exception {
        Path gw = site.bundle("gw-01");
        Path key = Files.writeString(tmp.resolve("client.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PemTls.socketFactory(gw.resolve("ca.crt"), gw.resolve("client.crt"), key));

        assertTrue(e.getMessage().contains("is a 'EC PRIVATE KEY' block") && e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAnEncryptedKey() throws Exception {
        Path gw = site.bundle("gw-01");
        Path key = Files.writeString(tmp.resolve("client.key"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PemTls.socketFactory(gw.resolve("ca.crt"), gw.resolve("client.crt"), key));

        assertTrue(e.getMessage().startsWith("client key " + key + " is encrypted"), e.getMessage());
    }

    @Test
    void shouldRefuseTheKeyOfAnotherCertificate() {
        Path gw = site.bundle("gw-01");
        Path otherKey = site.bundle("gw-02").resolve("client.key");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PemTls.socketFactory(gw.resolve("ca.crt"), gw.resolve("client.crt"), otherKey));

        assertTrue(e.getMessage().startsWith("client key " + otherKey + " does not belong to the certificate in "
                + gw.resolve("client.crt")), e.getMessage());
    }

    @Test
    void shouldReadAnRsaPkcs8Key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        PrivateKey rsa = g.generateKeyPair().getPrivate();
        Path key = Files.writeString(tmp.resolve("rsa.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(rsa.getEncoded()) + "\n-----END PRIVATE KEY-----\n");

        assertEquals(rsa, PemTls.privateKey(key));
    }

    @Test
    void shouldReadTheRenderedEcKey() {
        assertEquals("EC", PemTls.privateKey(site.bundle("gw-01").resolve("client.key")).getAlgorithm());
    }

    /** A TLS server with the rendered broker certificate that requires a client certificate of the site CA. */
    private static SSLServerSocket server(TlsSite site) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", PemTls.privateKey(site.broker().resolve("server.key")), new char[0],
                PemTls.certificates(site.broker().resolve("server.crt"), "server").toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", PemTls.certificates(site.broker().resolve("ca.crt"), "ca").get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        return server;
    }

    /** Accepts one connection and completes with the client certificate's subject. */
    private static CompletableFuture<String> accept(SSLServerSocket server) {
        return CompletableFuture.supplyAsync(() -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.startHandshake();
                return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
            } catch (IOException e) {
                return "failed: " + e.getMessage();
            }
        });
    }
}
