package org.linli.config.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * The TLS material of one render: the site CA's certificate in {@code DIR/broker/}, the broker's
 * server certificate, the cloud account's client certificate, and per-gateway client certificates.
 * Existing keys are kept unless rotating, like passwords.
 */
final class TlsFiles {
    private final SiteCa ca;
    private final String caPem;
    private final String siteId;

    private TlsFiles(SiteCa ca, String caPem, String siteId) {
        this.ca = ca;
        this.caPem = caPem;
        this.siteId = siteId;
    }

    static TlsFiles prepare(Path out, String siteId, String brokerHost, boolean rotate, Instant now, SecureRandom random)
            throws IOException {
        SiteCa ca = SiteCa.loadOrCreate(out.resolve("site-ca"), siteId, now, random);
        TlsFiles tls = new TlsFiles(ca, ca.certificatePem(), siteId);
        Path broker = out.resolve("broker");
        OutputFiles.write(broker.resolve("ca.crt"), tls.caPem, OutputFiles.PUBLIC);
        if (rotate || !Files.isRegularFile(broker.resolve("server.key"))) {
            write(ca.issueServer(brokerHost, siteId, now), broker.resolve("server.crt"), broker.resolve("server.key"));
        }
        Path secrets = out.resolve("secrets");
        if (rotate || !Files.isRegularFile(secrets.resolve(BrokerFiles.CLOUD_ACCOUNT + ".key"))) {
            write(ca.issueClient(BrokerFiles.CLOUD_ACCOUNT, siteId, now),
                    secrets.resolve(BrokerFiles.CLOUD_ACCOUNT + ".crt"), secrets.resolve(BrokerFiles.CLOUD_ACCOUNT + ".key"));
        }
        return tls;
    }

    String caPem() {
        return caPem;
    }

    /** The gateway's client certificate in {@code linliDir}, issued when absent or rotating. */
    SiteCa.Issued client(String gatewayId, Path linliDir, boolean rotate, Instant now) throws IOException {
        Path crt = linliDir.resolve("client.crt");
        Path key = linliDir.resolve("client.key");
        if (!rotate && Files.isRegularFile(crt) && Files.isRegularFile(key)) {
            return new SiteCa.Issued(Files.readString(crt), Files.readString(key));
        }
        return ca.issueClient(gatewayId, siteId, now);
    }

    private static void write(SiteCa.Issued issued, Path crt, Path key) throws IOException {
        OutputFiles.write(key, issued.privateKeyPem(), OutputFiles.SECRET);
        OutputFiles.write(crt, issued.certificatePem(), OutputFiles.PUBLIC);
    }
}
