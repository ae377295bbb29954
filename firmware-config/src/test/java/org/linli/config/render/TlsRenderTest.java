package org.linli.config.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.naming.ldap.LdapName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linli.config.BrokerSettings;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;

class TlsRenderTest {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    Path out;

    @Test
    void shouldIssueEachGatewayAClientCertificateWithItsIdAsCnSignedByTheSiteCa() throws Exception {
        Qinghe.render(Qinghe.options(out, "ssl://cloud.example.org:8883", true, null));

        X509Certificate ca = cert(out.resolve("broker/ca.crt"));
        for (String gw : List.of("gw-north", "gw-central", "gw-south", "gw-east")) {
            Path linli = out.resolve("gateways").resolve(gw).resolve("linli");
            X509Certificate client = cert(linli.resolve("client.crt"));
            client.verify(ca.getPublicKey());
            client.checkValidity();
            assertEquals(gw, cn(client));
            assertTrue(client.getExtendedKeyUsage().contains(CLIENT_AUTH), client.getExtendedKeyUsage().toString());
            assertEquals(-1, client.getBasicConstraints(), "a leaf, not a CA");
            assertEquals(ca, cert(linli.resolve("ca.crt")));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(linli.resolve("client.key"))));
        }
        assertTrue(ca.getBasicConstraints() >= 0, "the site CA is a CA");
        ca.verify(ca.getPublicKey());
    }

    @Test
    void shouldPointTheRenderedGatewayYamlAtTheBundlesTlsFiles() throws Exception {
        Qinghe.render(Qinghe.options(out, "ssl://cloud.example.org:8883", true, null));

        for (String gw : List.of("gw-north", "gw-central", "gw-south", "gw-east")) {
            Path file = out.resolve("gateways").resolve(gw).resolve("linli/gateway.yaml");
            GatewayConfig config = GatewayConfigLoader.parse(file.toString(), Files.readString(file));
            BrokerSettings cloud = config.cloudBroker();
            assertEquals("ssl://cloud.example.org:8883", cloud.uri());
            assertEquals(Path.of("/etc/linli/ca.crt"), cloud.caFile());
            assertEquals(Path.of("/etc/linli/client.crt"), cloud.certFile());
            assertEquals(Path.of("/etc/linli/client.key"), cloud.keyFile());
            assertEquals(null, config.lanBroker().caFile(), "the LAN broker stays plain tcp://");
        }
    }

    @Test
    void shouldWriteTheClientKeyAsUnencryptedPkcs8ThatTheJdkReads() throws Exception {
        Qinghe.render(Qinghe.options(out, "ssl://cloud.example.org:8883", true, null));

        String pem = Files.readString(out.resolve("gateways/gw-north/linli/client.key"));
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8, not SEC1 or encrypted");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        assertEquals("EC", key.getAlgorithm());
    }

    @Test
    void shouldNameTheBrokerHostInTheServerCertificate() throws Exception {
        Qinghe.render(Qinghe.options(out, "ssl://127.0.0.1:8883", true, null));

        X509Certificate server = cert(out.resolve("broker/server.crt"));
        assertTrue(server.getSubjectAlternativeNames().contains(List.of(7, "127.0.0.1")),
                server.getSubjectAlternativeNames().toString());
    }

    @Test
    void shouldKeepTheCaKeyOutOfEveryGatewayBundle() throws Exception {
        Qinghe.render(Qinghe.options(out, "ssl://cloud.example.org:8883", true, null));

        String caKey = Files.readString(out.resolve("site-ca/ca.key"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("site-ca/ca.key"))));
        try (var files = Files.walk(out.resolve("gateways"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f).contains(caKey.strip().lines().skip(1).findFirst().orElseThrow()), f.toString());
            }
        }
    }

    @Test
    void shouldKeepTheCaAndClientKeysOnReRenderAndRenewClientKeysOnRotate() throws Exception {
        Qinghe.render(Qinghe.options(out, "ssl://cloud.example.org:8883", true, null));
        String ca = Files.readString(out.resolve("site-ca/ca.crt"));
        String key = Files.readString(out.resolve("gateways/gw-north/linli/client.key"));

        Qinghe.render(Qinghe.options(out, "ssl://cloud.example.org:8883", true, null));
        assertEquals(key, Files.readString(out.resolve("gateways/gw-north/linli/client.key")));

        RenderOptions o = Qinghe.options(out, "ssl://cloud.example.org:8883", true, null);
        Qinghe.render(new RenderOptions(o.out(), o.cloudBroker(), o.lanBroker(), o.sshPublicKey(), o.user(), null, true, true, null));
        assertNotEquals(key, Files.readString(out.resolve("gateways/gw-north/linli/client.key")));
        assertEquals(ca, Files.readString(out.resolve("site-ca/ca.crt")), "rotation never replaces the CA other gateways trust");
        cert(out.resolve("gateways/gw-north/linli/client.crt")).verify(cert(out.resolve("site-ca/ca.crt")).getPublicKey());
    }

    @Test
    void shouldRequireCertificatesAndTakeTheUsernameFromTheCnInTheBrokerSnippet() throws Exception {
        Qinghe.render(Qinghe.options(out, "ssl://cloud.example.org:8883", true, null));

        String conf = Files.readString(out.resolve("broker/mosquitto-linli.conf"));
        assertTrue(conf.contains("require_certificate true"), conf);
        assertTrue(conf.contains("use_identity_as_username true"), conf);
        assertTrue(conf.contains("listener 8883"), conf);
        assertTrue(conf.contains("allow_anonymous false"), conf);
    }

    private static X509Certificate cert(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static String cn(X509Certificate cert) throws Exception {
        return new LdapName(cert.getSubjectX500Principal().getName()).getRdns().stream()
                .filter(r -> r.getType().equalsIgnoreCase("CN")).map(r -> r.getValue().toString()).findFirst().orElseThrow();
    }
}
