package org.linli.gateway.mqtt;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.linli.config.BrokerSettings;

import java.util.Arrays;

/**
 * Puts a broker's credentials into connection options: the username, the password read from the
 * configured file (trailing newlines dropped, as editors and {@code echo} add them; never logged and
 * never part of the config itself), and for {@code ssl://} the trusted CA and the client certificate
 * ({@link PemTls}), with host name verification on.
 *
 * <p>Every part is optional: a broker with {@code use_identity_as_username} takes the username from
 * the client certificate and needs neither username nor password.
 */
public final class BrokerLogin {

    private BrokerLogin() {
    }

    /**
     * Reads the password and TLS files, if any, on a worker thread and applies them to {@code options}.
     * Fails, naming the file and the reason, when one is missing, unreadable or garbled: a fault that
     * retrying the connection cannot fix.
     */
    public static Future<MqttConnectionOptions> apply(Vertx vertx, BrokerSettings broker, MqttConnectionOptions options) {
        if (broker.username() != null) {
            options.setUserName(broker.username());
        }
        return password(vertx, broker, options).compose(v -> tls(vertx, broker, options)).map(options);
    }

    private static Future<Void> password(Vertx vertx, BrokerSettings broker, MqttConnectionOptions options) {
        if (broker.passwordFile() == null) {
            return Future.succeededFuture();
        }
        String file = broker.passwordFile().toString();
        return vertx.fileSystem().readFile(file)
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "cannot read the password file " + file + " for " + broker.uri() + ": " + e.getMessage(), e)))
                .map(buffer -> {
                    options.setPassword(stripNewlines(buffer.getBytes()));
                    return null;
                });
    }

    private static Future<Void> tls(Vertx vertx, BrokerSettings broker, MqttConnectionOptions options) {
        if (!broker.tls()) {
            return Future.succeededFuture();
        }
        // Paho checks the broker's certificate against the URI's host; never let it be turned off.
        options.setHttpsHostnameVerificationEnabled(true);
        if (broker.caFile() == null && broker.certFile() == null) {
            return Future.succeededFuture(); // Paho's default: the JVM's trusted CAs, no client certificate
        }
        return vertx.<Void>executeBlocking(() -> {
            options.setSocketFactory(PemTls.socketFactory(broker.caFile(), broker.certFile(), broker.keyFile()));
            return null;
        }, false).recover(e -> Future.failedFuture(new IllegalStateException(
                "cannot set up TLS for " + broker.uri() + ": " + e.getMessage(), e)));
    }

    static byte[] stripNewlines(byte[] raw) {
        int end = raw.length;
        while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '\r')) {
            end--;
        }
        return end == raw.length ? raw : Arrays.copyOf(raw, end);
    }
}
