package org.linli.sim.bench;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.WireCodec;
import org.linli.wire.WireException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark helper for {@code deploy/bench/gateway-bench.sh}, not a test: subscribes to a gateway's
 * readings topic on the cloud broker, decodes every batch with the {@link WireCodec} and counts the
 * distinct readings (sensor, ts) of the sensors whose id starts with a prefix, until it has seen the
 * expected number or a time limit passes.
 *
 * <p>{@code java -cp linli-sim.jar org.linli.sim.bench.ReadingCounter BROKER_URI TOPIC PREFIX EXPECTED
 * TIMEOUT_S READY_FILE}. It creates {@code READY_FILE} once subscribed, and prints one line on stdout
 * (the script parses it): {@code readings=N duplicates=D batches=B resent=R first_ms=T0
 * last_ms=T1}, epoch ms of
 * the arrival of the first and the last counted reading. A batch whose (bootId, seq) came before is a
 * resend ({@code resent=R}) and is skipped; {@code duplicates=D} counts readings of distinct batches
 * whose (sensor, ts) came before: InfluxDB would keep only one point of each. Exit code 0 when all arrived, 1 otherwise.
 */
public final class ReadingCounter {

    private ReadingCounter() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: ReadingCounter BROKER_URI TOPIC PREFIX EXPECTED TIMEOUT_S READY_FILE");
            System.exit(2);
        }
        String uri = args[0];
        String topic = args[1];
        String prefix = args[2];
        long expected = Long.parseLong(args[3]);
        long timeoutS = Long.parseLong(args[4]);
        Path readyFile = Path.of(args[5]);

        WireCodec codec = new WireCodec();
        // A resent batch carries the same (sensor, ts) pairs: counted once, as InfluxDB stores it once.
        Set<String> seen = new HashSet<>();
        Set<String> batchIds = new HashSet<>();
        AtomicLong resentBatches = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        AtomicLong firstMs = new AtomicLong();
        AtomicLong lastMs = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);

        MqttClient client = new MqttClient(uri, "linli-bench-counter-" + ProcessHandle.current().pid(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String t, MqttMessage message) {
                long now = System.currentTimeMillis();
                ReadingBatch batch;
                try {
                    batch = codec.decode(message.getPayload());
                } catch (WireException e) {
                    System.err.println("undecodable batch: " + e.getMessage());
                    return;
                }
                batches.incrementAndGet();
                synchronized (seen) {
                    if (!batchIds.add(batch.bootId() + '/' + batch.seq())) {
                        resentBatches.incrementAndGet();
                        return;
                    }
                    for (Reading reading : batch.readings()) {
                        if (!reading.sensor().startsWith(prefix)) {
                            continue;
                        }
                        if (seen.add(reading.sensor() + '@' + reading.ts())) {
                            firstMs.compareAndSet(0, now);
                            lastMs.set(now);
                        } else {
                            duplicates.incrementAndGet();
                        }
                    }
                    if (seen.size() >= expected) {
                        done.countDown();
                    }
                }
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                System.err.println("counter disconnected: " + response);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                System.err.println("counter MQTT error: " + exception);
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
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setReceiveMaximum(1000);
        client.connect(options);
        client.subscribe(topic, 1);
        Files.writeString(readyFile, "subscribed\n", StandardCharsets.UTF_8);

        // The result line is this program's output, read by the bench script; also printed when the
        // script stops the counter early with SIGTERM.
        java.util.concurrent.atomic.AtomicBoolean printed = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable report = () -> {
            if (printed.compareAndSet(false, true)) {
                long count;
                synchronized (seen) {
                    count = seen.size();
                }
                System.out.printf("readings=%d duplicates=%d batches=%d resent=%d first_ms=%d last_ms=%d%n",
                        count, duplicates.get(), batches.get(), resentBatches.get(), firstMs.get(), lastMs.get());
                System.out.flush();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(report, "report"));
        boolean complete = done.await(timeoutS, TimeUnit.SECONDS);
        report.run();
        try {
            client.disconnect();
            client.close();
        } catch (MqttException ignored) {
            // exiting anyway
        }
        System.exit(complete ? 0 : 1);
    }
}
