package org.linli.gateway.health;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.linli.gateway.uplink.SensorStatuses;
import org.linli.wire.Quality;
import org.linli.wire.Reading;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthReportTest {
    private static final long STARTED = 1_763_800_000_000L;
    private static final Versions VERSIONS = new Versions("0.1.0", "17.0.13", "Linux 6.6.51 aarch64");

    @Test
    void shouldReportUptimeBufferAndVersions() {
        JsonObject json = json(report(STARTED + 61_500, 1_234, List.of(), new TreeMap<>()));

        assertEquals(1, json.getInteger("v"));
        assertEquals("gw-01", json.getString("gateway"));
        assertEquals("boot-1", json.getString("bootId"));
        assertEquals(61, json.getLong("uptimeSeconds"));
        assertEquals(3, json.getLong("configVersion"));
        assertEquals(new JsonObject().put("readings", 12).put("batches", 1).put("bytes", 1840), json.getJsonObject("buffer"));
        assertEquals(1_234, json.getLong("lastUpload"));
        assertEquals(new JsonObject().put("gateway", "0.1.0").put("java", "17.0.13").put("os", "Linux 6.6.51 aarch64"),
                json.getJsonObject("versions"));
    }

    @Test
    void shouldWriteNullForAnUploadThatNeverHappened() {
        JsonObject json = json(report(STARTED, 0, List.of(), new TreeMap<>()));

        assertTrue(json.containsKey("lastUpload"));
        assertEquals(null, json.getValue("lastUpload"));
    }

    @Test
    void shouldGiveEachSensorItsLatestQualityAndMessage() {
        SensorStatuses statuses = new SensorStatuses();
        statuses.record(Reading.of("pir-1", STARTED + 1_000, "occupied", 1.0, "bool"));
        statuses.record(Reading.status("park-3", STARTED + 2_000, Quality.OFFLINE, "no heartbeat"));
        statuses.record(Reading.status("park-3", STARTED + 1_500, Quality.ERROR, "older, arrived late"));

        JsonObject sensors = json(report(STARTED, 0, List.of("pir-1", "park-3", "pir-2"), statuses.snapshot()))
                .getJsonObject("sensors");

        assertEquals(new JsonObject().put("quality", "good").put("ts", STARTED + 1_000), sensors.getJsonObject("pir-1"));
        assertEquals(new JsonObject().put("quality", "offline").put("ts", STARTED + 2_000).put("message", "no heartbeat"),
                sensors.getJsonObject("park-3"));
        assertEquals(new JsonObject().put("quality", "none"), sensors.getJsonObject("pir-2"), "configured, not heard from yet");
        assertEquals(List.of("park-3", "pir-1", "pir-2"), List.copyOf(sensors.fieldNames()), "sorted by id");
    }

    @Test
    void shouldNotMentionASensorThatIsNeitherConfiguredNorSeen() {
        JsonObject sensors = json(report(STARTED, 0, List.of("pir-1"), new TreeMap<>())).getJsonObject("sensors");

        assertFalse(sensors.containsKey("park-3"));
        assertEquals(1, sensors.size());
    }

    private static HealthReport report(long at, long lastUpload, List<String> configured,
                                       java.util.SortedMap<String, SensorStatuses.Latest> sensors) {
        return new HealthReport("huayuan", "gw-01", "boot-1", at, STARTED, 3, 12, 1, 1840, lastUpload, configured,
                sensors, VERSIONS);
    }

    private static JsonObject json(HealthReport report) {
        return new JsonObject(new String(report.toJson(), StandardCharsets.UTF_8));
    }
}
