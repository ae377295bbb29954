package org.linli.gateway.mqtt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * An {@link SSLSocketFactory} from the PEM files {@code linli-config render --tls} puts on the Pi,
 * with the JDK's own APIs (no BouncyCastle on the gateway): X.509 certificates through
 * {@link CertificateFactory}, an unencrypted PKCS#8 key through {@link KeyFactory} (EC, as render
 * issues, or RSA), both in an in-memory key store. Sockets speak TLS 1.3 or 1.2 only.
 *
 * <p>Host name verification is not done here but by Paho, which checks the broker's certificate
 * against the host of the {@code ssl://} URI when its HTTPS host name verification is on, as
 * {@link BrokerLogin} leaves it.
 *
 * <p>Every failure is an {@link IllegalStateException} whose message names the file and what is
 * wrong with it; no message ever contains key material.
 */
public final class PemTls {
    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];

    private PemTls() {
    }

    /**
     * Builds the factory. Blocking: reads files.
     *
     * @param caFile   PEM certificates to trust, null for the JVM's trust store
     * @param certFile PEM client certificate (then its chain, if any), null for none
     * @param keyFile  the client certificate's unencrypted PKCS#8 PEM key, null exactly when {@code certFile} is
     * @throws IllegalStateException when a file is missing, unreadable or not what it should be
     */
    public static SSLSocketFactory socketFactory(Path caFile, Path certFile, Path keyFile) {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("a client certificate needs both certFile and keyFile");
        }
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(caFile == null ? null : trustStore(caFile));
            KeyManager[] keyManagers = null;
            if (certFile != null) {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keyStore(certFile, keyFile), NO_PASSWORD);
                keyManagers = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, tmf.getTrustManagers(), new SecureRandom());
            return new ModernOnly(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            // The JDK's own setup failing (no TLS, no PKCS12) is not a file problem.
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(Path caFile) throws GeneralSecurityException {
        KeyStore store = emptyStore();
        int i = 0;
        for (X509Certificate ca : certificates(caFile, "CA file")) {
            store.setCertificateEntry("ca-" + i++, ca);
        }
        return store;
    }

    private static KeyStore keyStore(Path certFile, Path keyFile) throws GeneralSecurityException {
        List<X509Certificate> chain = certificates(certFile, "client certificate");
        PrivateKey key = privateKey(keyFile);
        if (!belongTogether(key, chain.get(0))) {
            throw new IllegalStateException("client key " + keyFile + " does not belong to the certificate in " + certFile
                    + " (" + chain.get(0).getSubjectX500Principal().getName() + "); render both again");
        }
        KeyStore store = emptyStore();
        store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
        return store;
    }

    /** The certificates in a PEM file, in file order; at least one. */
    static List<X509Certificate> certificates(Path file, String what) {
        byte[] bytes = read(file, what);
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) c);
            }
        } catch (CertificateException e) {
            throw problem(what, file, "is not a PEM X.509 certificate (" + e.getMessage() + ")");
        }
        if (out.isEmpty()) {
            throw problem(what, file, "holds no certificate (expected -----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    /** The key of an unencrypted PKCS#8 PEM file, EC or RSA. */
    static PrivateKey privateKey(Path file) {
        String what = "client key";
        byte[] bytes = read(file, what);
        String pem = new String(bytes, StandardCharsets.US_ASCII);
        Arrays.fill(bytes, (byte) 0);
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw problem(what, file, "holds no PEM block (expected -----BEGIN PRIVATE KEY-----)");
        }
        String type = m.group(1);
        if ("ENCRYPTED PRIVATE KEY".equals(type)) {
            throw problem(what, file, "is encrypted; the gateway needs it unencrypted (mode 0600): "
                    + "openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.new");
        }
        if (!"PRIVATE KEY".equals(type)) {
            throw problem(what, file, "is a '" + type + "' block; the gateway reads PKCS#8 (-----BEGIN PRIVATE KEY-----): "
                    + "openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.new");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw problem(what, file, "is not valid base64 inside its PEM block");
        }
        try {
            for (String algorithm : List.of("EC", "RSA")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (InvalidKeySpecException e) {
                    // not this algorithm: try the next
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot read keys: " + e.getMessage(), e);
                }
            }
        } finally {
            Arrays.fill(der, (byte) 0);
        }
        throw problem(what, file, "is not an EC or RSA PKCS#8 private key");
    }

    /** Signs a challenge with {@code key} and checks it with the certificate's public key. */
    private static boolean belongTogether(PrivateKey key, X509Certificate cert) {
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // e.g. an RSA certificate with an EC key
            return false;
        }
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw problem(what, file, "does not exist");
        } catch (AccessDeniedException e) {
            throw problem(what, file, "cannot be read by this user (check its owner and mode)");
        } catch (IOException e) {
            throw problem(what, file, "cannot be read: " + e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create an in-memory key store", e);
        }
        return store;
    }

    private static IllegalStateException problem(String what, Path file, String message) {
        return new IllegalStateException(what + " " + file + " " + message);
    }

    /** Enables only TLS 1.3 and 1.2 on every socket it makes. */
    private static final class ModernOnly extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        ModernOnly(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return restrict(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return restrict(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return restrict(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return restrict(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return restrict(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return restrict(delegate.createSocket(address, port, localAddress, localPort));
        }

        private static Socket restrict(Socket socket) {
            if (socket instanceof SSLSocket ssl) {
                List<String> supported = List.of(ssl.getSupportedProtocols());
                ssl.setEnabledProtocols(PROTOCOLS.stream().filter(supported::contains).toArray(String[]::new));
            }
            return socket;
        }
    }
}
