package org.linli.config.render;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * The site's own certificate authority: EC P-256 keys, a CA valid 10 years and leaf certificates
 * valid 5 years (a Pi in a street cabinet is not re-flashed often). The CA key lives only in
 * {@code DIR/site-ca/ca.key} (0600) and is kept across re-renders, even with rotation, so that
 * rendering one gateway never invalidates the others; delete the directory to start a new CA.
 */
final class SiteCa {
    private static final Duration CA_VALIDITY = Duration.ofDays(3653);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(1827);
    private static final String SIGNATURE = "SHA256withECDSA";

    /** A PEM certificate and its PEM private key (a secret). */
    record Issued(String certificatePem, String privateKeyPem) {
        @Override
        public String toString() {
            return "Issued[certificate]";
        }
    }

    private final X509Certificate cert;
    private final PrivateKey key;
    private final SecureRandom random;

    private SiteCa(X509Certificate cert, PrivateKey key, SecureRandom random) {
        this.cert = cert;
        this.key = key;
        this.random = random;
    }

    /** Loads the CA from {@code dir} or creates it there. */
    static SiteCa loadOrCreate(Path dir, String siteId, Instant now, SecureRandom random) throws IOException {
        Path certFile = dir.resolve("ca.crt");
        Path keyFile = dir.resolve("ca.key");
        try {
            if (Files.isRegularFile(certFile) && Files.isRegularFile(keyFile)) {
                return new SiteCa(readCert(Files.readString(certFile)), readKey(Files.readString(keyFile)), random);
            }
            KeyPair pair = newKeyPair(random);
            X500Name name = name("Linli site CA " + siteId, siteId);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(random), Date.from(now),
                    Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(b, pair.getPrivate());
            OutputFiles.privateDir(dir);
            OutputFiles.write(keyFile, pem(pair.getPrivate()), OutputFiles.SECRET);
            OutputFiles.write(certFile, pem(cert), OutputFiles.PUBLIC);
            return new SiteCa(cert, pair.getPrivate(), random);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create or read the site CA in " + dir + ": " + e.getMessage(), e);
        }
    }

    String certificatePem() throws IOException {
        return pem(cert);
    }

    /** A client certificate whose CN is {@code commonName}: with use_identity_as_username it is the MQTT username. */
    Issued issueClient(String commonName, String siteId, Instant now) throws IOException {
        return issue(commonName, siteId, now, KeyPurposeId.id_kp_clientAuth, null);
    }

    /** The broker's server certificate, with the broker's host as subject alternative name. */
    Issued issueServer(String host, String siteId, Instant now) throws IOException {
        return issue(host, siteId, now, KeyPurposeId.id_kp_serverAuth, host);
    }

    private Issued issue(String commonName, String siteId, Instant now, KeyPurposeId purpose, String host) throws IOException {
        try {
            KeyPair pair = newKeyPair(random);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(cert, serial(random), Date.from(now),
                    Date.from(now.plus(LEAF_VALIDITY)), name(commonName, siteId), pair.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(cert));
            if (host != null) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(hostName(host)));
            }
            return new Issued(pem(sign(b, key)), pem(pair.getPrivate()));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot issue a certificate for " + commonName + ": " + e.getMessage(), e);
        }
    }

    private static GeneralName hostName(String host) {
        boolean ip = host.matches("[0-9.]+") || host.contains(":");
        if (ip) {
            try {
                return new GeneralName(GeneralName.iPAddress, InetAddress.getByName(host).getHostAddress());
            } catch (java.net.UnknownHostException e) {
                // a literal address never needs a lookup; fall through to a DNS name
            }
        }
        return new GeneralName(GeneralName.dNSName, host);
    }

    private static X500Name name(String cn, String siteId) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Linli " + siteId).addRDN(BCStyle.CN, cn).build();
    }

    private static KeyPair newKeyPair(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            // PKCS#8 ("BEGIN PRIVATE KEY"): what OpenSSL, Mosquitto and Java's own key factories all read.
            w.writeObject(o instanceof PrivateKey k ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null) : o);
        }
        return out.toString();
    }

    private static X509Certificate readCert(String pem) throws IOException, GeneralSecurityException {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            return new JcaX509CertificateConverter().getCertificate((org.bouncycastle.cert.X509CertificateHolder) p.readObject());
        }
    }

    private static PrivateKey readKey(String pem) throws IOException {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            Object o = p.readObject();
            JcaPEMKeyConverter c = new JcaPEMKeyConverter();
            return o instanceof PEMKeyPair kp ? c.getKeyPair(kp).getPrivate() : c.getPrivateKey((PrivateKeyInfo) o);
        }
    }

}
