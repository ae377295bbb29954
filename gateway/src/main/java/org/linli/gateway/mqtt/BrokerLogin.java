package org.linli.gateway.mqtt;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.linli.config.BrokerSettings;

import java.util.Arrays;

/**
 * Puts a broker's username and password into connection options. The password is read from the
 * configured file (trailing newlines dropped, as editors and {@code echo} add them); it is never
 * logged and never part of the config itself.
 */
public final class BrokerLogin {

    private BrokerLogin() {
    }

    /** Reads the password file, if any, without blocking the event loop, and applies both to {@code options}. */
    public static Future<MqttConnectionOptions> apply(Vertx vertx, BrokerSettings broker, MqttConnectionOptions options) {
        if (broker.username() != null) {
            options.setUserName(broker.username());
        }
        if (broker.passwordFile() == null) {
            return Future.succeededFuture(options);
        }
        String file = broker.passwordFile().toString();
        return vertx.fileSystem().readFile(file)
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "cannot read the password file " + file + " for " + broker.uri() + ": " + e.getMessage(), e)))
                .map(buffer -> {
                    options.setPassword(stripNewlines(buffer.getBytes()));
                    return options;
                });
    }

    static byte[] stripNewlines(byte[] raw) {
        int end = raw.length;
        while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '\r')) {
            end--;
        }
        return end == raw.length ? raw : Arrays.copyOf(raw, end);
    }
}
