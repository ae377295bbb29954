package org.linli.security;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates the installers' CLI would never issue, made with BouncyCastle as render's SiteCa does:
 * another CA, and certificates of the real site CA that expired. Plus the TLS contexts clients use.
 */
final class Certs {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A CA certificate and its key. */
    record Ca(X509Certificate cert, PrivateKey key) {
    }

    /** A certificate and its key, as PEM files. */
    record Issued(Path cert, Path key) {
    }

    private Certs() {
    }

    /** The site CA that render made, read back from {@code ca.crt} and {@code ca.key}. */
    static Ca load(Path cert, Path key) throws IOException, GeneralSecurityException {
        X509Certificate certificate;
        try (Reader r = Files.newBufferedReader(cert); PEMParser p = new PEMParser(r)) {
            certificate = new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) p.readObject());
        }
        try (Reader r = Files.newBufferedReader(key); PEMParser p = new PEMParser(r)) {
            return new Ca(certificate, new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject()));
        }
    }

    /** A self-signed CA that is not the site's ("an attacker's CA"). */
    static Ca newCa(String name) throws Exception {
        KeyPair pair = keyPair();
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(3600)),
                Date.from(now.plusSeconds(86_400)), subject, pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Ca(sign(b, pair.getPrivate()), pair.getPrivate());
    }

    /** A client certificate for {@code cn} valid from {@code notBefore} to {@code notAfter}, written to {@code dir}. */
    static Issued client(Ca ca, String cn, Instant notBefore, Instant notAfter, Path dir) throws Exception {
        return issue(ca, cn, notBefore, notAfter, KeyPurposeId.id_kp_clientAuth, null, dir, cn + "-client");
    }

    /** A server certificate naming {@code host}, written to {@code dir}. */
    static Issued server(Ca ca, String host, Instant notBefore, Instant notAfter, Path dir) throws Exception {
        return issue(ca, host, notBefore, notAfter, KeyPurposeId.id_kp_serverAuth, host, dir, "server");
    }

    static Path writeCa(Ca ca, Path file) throws IOException {
        return Files.writeString(file, pem(ca.cert()));
    }

    /**
     * A TLS context trusting the CA certificates in {@code caFile}, presenting {@code client} (may be null):
     * what the gateway's PemTls builds from its caFile, certFile and keyFile.
     */
    static SSLContext context(Path caFile, Issued client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (Reader r = Files.newBufferedReader(caFile); PEMParser p = new PEMParser(r)) {
            trust.setCertificateEntry("ca", new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) p.readObject()));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (client != null) {
            X509Certificate cert;
            try (Reader r = Files.newBufferedReader(client.cert()); PEMParser p = new PEMParser(r)) {
                cert = new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) p.readObject());
            }
            PrivateKey key;
            try (Reader r = Files.newBufferedReader(client.key()); PEMParser p = new PEMParser(r)) {
                key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject());
            }
            keys.setKeyEntry("client", key, new char[0], new Certificate[] {cert});
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static Issued issue(Ca ca, String cn, Instant notBefore, Instant notAfter, KeyPurposeId purpose, String host,
                                Path dir, String name) throws Exception {
        KeyPair pair = keyPair();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.cert(), serial(), Date.from(notBefore),
                Date.from(notAfter), new X500Name("O=Linli " + RenderedSite.SITE + ",CN=" + cn), pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        if (host != null) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, host)));
        }
        X509Certificate cert = sign(b, ca.key());
        Files.createDirectories(dir);
        Path certFile = Files.writeString(dir.resolve(name + ".crt"), pem(cert));
        StringWriter key = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(key)) {
            w.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
        }
        Path keyFile = Files.writeString(dir.resolve(name + ".key"), key.toString());
        return new Issued(certFile, keyFile);
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }
}
