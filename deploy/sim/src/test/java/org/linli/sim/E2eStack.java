package org.linli.sim;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.linli.testkit.InfluxProcess;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.WireCodec;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the counting end-to-end tests ({@link GatewayKillIT}, {@link CloudOutageIT}) share: a site file
 * with one sound level meter, the cloud started on it, the numbered points read back from InfluxDB,
 * and a tap that records the batches the gateway publishes on the cloud broker.
 */
final class E2eStack {
    static final String SITE = "huayuan";
    static final String GATEWAY = "gw-01";
    static final String SENSOR = "slm-1";
    static final String LAN_TOPIC = "sensors/slm-1";
    /** The sound level meter's measurement and value (cloud/README.md, "InfluxDB schema"). */
    static final String MEASUREMENT = "noise";
    static final String FIELD = "laeq";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WireCodec CODEC = new WireCodec();

    private E2eStack() {
    }

    /**
     * The gateway's sensor as the site inventory and the gateway config both name it. A
     * {@code sound-level-meter} read with the plain {@code field} style: every LAN message becomes one
     * reading whose {@code laeq} is the message's number, so each number is one distinct point (an
     * occupancy sensor would drop repeats of the same state).
     */
    static String sensorYaml() {
        return "{id: " + SENSOR + ", kind: sound-level-meter, space: plaza-east, transport: mqtt, topic: " + LAN_TOPIC
                + ", field: laeq}";
    }

    /** The LAN payload that carries number {@code n}. */
    static byte[] payload(int n) {
        return ("{\"laeq\":" + n + "}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Starts the cloud from its jar on a site file with {@link #SENSOR}: the demo inventory has no
     * sound level meter, and the cloud refuses readings of sensors it does not know.
     * {@link CloudProcess} takes the site file from a system property, set here for the start only.
     */
    static CloudProcess startCloud(Path workDir, String cloudBroker, String influxUrl) throws Exception {
        Files.createDirectories(workDir);
        Path site = workDir.resolve("site.yaml");
        Files.writeString(site, """
                id: %s
                name: 花园社区
                timezone: Asia/Shanghai
                grids:
                  - {id: g1, name: 第一网格片区, level: 1, head: 王建华}
                  - {id: g1-1, name: 东区网格, level: 3, parent: g1, worker: 李秀英}
                spaces:
                  - {id: plaza-east, name: 东广场, kind: plaza, grid: g1-1, noiseZone: "1"}
                gateways:
                  - id: %s
                    name: 东广场配电箱
                    sensors:
                      - %s
                """.formatted(SITE, GATEWAY, sensorYaml()), StandardCharsets.UTF_8);
        String before = System.getProperty("linli.site.file");
        System.setProperty("linli.site.file", site.toAbsolutePath().toString());
        try {
            return CloudProcess.start(workDir, cloudBroker, influxUrl);
        } finally {
            if (before == null) {
                System.clearProperty("linli.site.file");
            } else {
                System.setProperty("linli.site.file", before);
            }
        }
    }

    /**
     * This module has no logback-test.xml, so logback's default prints every DEBUG line of Netty,
     * Vert.x and the in-process gateway (one per reading): thousands of lines that bury the summary.
     */
    static void quietLogs() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
    }

    /** One point of the sensor in InfluxDB. */
    record Point(long time, int number, long seq) {
    }

    /** Every point of {@link #SENSOR}, in time order, with the number it carries. */
    static List<Point> points(InfluxProcess influx) {
        List<Point> out = new ArrayList<>();
        for (JsonNode row : rows(influx, "SELECT " + FIELD + ", seq FROM " + MEASUREMENT + " WHERE sensor = '" + SENSOR
                + "' ORDER BY time ASC")) {
            double value = row.get(FIELD).asDouble();
            out.add(new Point(Instant.parse(row.get("time").asText()).toEpochMilli(), (int) value, row.get("seq").asLong()));
        }
        return out;
    }

    /** {@code count(laeq)} of the sensor, 0 before the first point. */
    static long count(InfluxProcess influx) {
        List<JsonNode> rows = rows(influx, "SELECT count(" + FIELD + ") FROM " + MEASUREMENT + " WHERE sensor = '" + SENSOR + "'");
        return rows.isEmpty() ? 0 : rows.get(0).get("count").asLong();
    }

    /** Runs InfluxQL (times as RFC 3339 strings) and returns the rows of the first series as objects keyed by column. */
    static List<JsonNode> rows(InfluxProcess influx, String influxql) {
        JsonNode result;
        try {
            result = JSON.readTree(influx.query("linli", influxql)).path("results").path(0);
        } catch (IOException e) {
            throw new AssertionError(influxql, e);
        }
        if (result.has("error")) {
            throw new AssertionError(influxql + ": " + result.get("error").asText());
        }
        JsonNode series = result.path("series").path(0);
        if (series.path("partial").asBoolean(false) || result.path("partial").asBoolean(false)) {
            throw new AssertionError(influxql + ": InfluxDB cut the answer short (max-row-limit)");
        }
        List<JsonNode> rows = new ArrayList<>();
        if (series.isMissingNode()) {
            return rows;
        }
        for (JsonNode values : series.get("values")) {
            var row = JSON.createObjectNode();
            for (int i = 0; i < series.get("columns").size(); i++) {
                row.set(series.get("columns").get(i).asText(), values.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    /** A reading as the gateway published it, with the batch that carried it. */
    record Tapped(String bootId, long seq, Reading reading) {
    }

    /** Records every batch the gateway publishes on the cloud broker, beside the cloud's own subscription. */
    static final class Tap implements MqttCallback {
        private final ConcurrentLinkedQueue<byte[]> payloads = new ConcurrentLinkedQueue<>();

        /** Every batch received, in arrival order, a resent one as often as it came. */
        List<ReadingBatch> batches() {
            List<ReadingBatch> out = new ArrayList<>();
            for (byte[] payload : payloads) {
                try {
                    out.add(CODEC.decode(payload));
                } catch (Exception e) {
                    throw new AssertionError("the gateway published a batch that breaks the contract", e);
                }
            }
            return out;
        }

        /** The payloads as received, to compare a resent batch with the first copy byte for byte. */
        List<byte[]> payloads() {
            return List.copyOf(payloads);
        }

        /** Every reading of every batch, a resent batch's readings as often as the batch came. */
        List<Tapped> readings() {
            List<Tapped> out = new ArrayList<>();
            for (ReadingBatch batch : batches()) {
                for (Reading r : batch.readings()) {
                    out.add(new Tapped(batch.bootId(), batch.seq(), r));
                }
            }
            return out;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            payloads.add(message.getPayload());
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
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
