package org.linli.gateway.health;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.linli.gateway.uplink.SensorStatuses;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The gateway's retained health report on {@code linli/v1/{site}/{gateway}/health}: enough for the
 * cloud, or an installer with {@code mosquitto_sub}, to tell a healthy gateway from one that is
 * buffering, has a dead sensor or runs an old version, without reading its log.
 *
 * <pre>{@code
 * {"v":1,"site":"huayuan","gateway":"gw-01","bootId":"6f1c…","at":1763800060000,"startedAt":1763800000000,
 *  "uptimeSeconds":60,"configVersion":3,
 *  "buffer":{"readings":12,"batches":1,"bytes":1840},"lastUpload":1763800059500,
 *  "sensors":{"park-3":{"quality":"offline","ts":1763800010000,"message":"no heartbeat"},
 *             "pir-1":{"quality":"good","ts":1763800001000},"pir-2":{"quality":"none"}},
 *  "versions":{"gateway":"0.1.0-SNAPSHOT","java":"17.0.13","os":"Linux 6.6.51 aarch64"}}
 * }</pre>
 *
 * <p>{@code lastUpload} is when the cloud broker last acknowledged a batch (null before the first);
 * a configured sensor that has sent nothing yet has quality {@code none}. Pure: no clock, no I/O.
 *
 * @param site          site id
 * @param gateway       gateway id
 * @param bootId        this process's boot id
 * @param at            when the report was made, epoch ms
 * @param startedAt     when the gateway started, epoch ms
 * @param configVersion the version of the running config (0: the local file, unversioned)
 * @param bufferedReadings readings waiting for a PUBACK, in a batch or not yet
 * @param bufferedBatches  sealed batches waiting for a PUBACK
 * @param bufferedBytes    the buffer's size as its cap counts it
 * @param lastUploadAt  the last PUBACK, epoch ms; 0 for never
 * @param configured    the configured sensor ids, reported even before their first reading
 * @param sensors       the latest quality of each sensor seen
 * @param versions      gateway, Java and OS versions
 */
public record HealthReport(String site, String gateway, String bootId, long at, long startedAt, long configVersion,
                           long bufferedReadings, long bufferedBatches, long bufferedBytes, long lastUploadAt,
                           List<String> configured, SortedMap<String, SensorStatuses.Latest> sensors, Versions versions) {
    /** The report's format version. */
    public static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();

    public HealthReport {
        configured = List.copyOf(configured);
        sensors = new TreeMap<>(sensors);
    }

    /** The report as UTF-8 JSON. */
    public byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", VERSION);
            g.writeStringField("site", site);
            g.writeStringField("gateway", gateway);
            g.writeStringField("bootId", bootId);
            g.writeNumberField("at", at);
            g.writeNumberField("startedAt", startedAt);
            g.writeNumberField("uptimeSeconds", Math.max(0, at - startedAt) / 1000);
            g.writeNumberField("configVersion", configVersion);
            g.writeObjectFieldStart("buffer");
            g.writeNumberField("readings", bufferedReadings);
            g.writeNumberField("batches", bufferedBatches);
            g.writeNumberField("bytes", bufferedBytes);
            g.writeEndObject();
            if (lastUploadAt > 0) {
                g.writeNumberField("lastUpload", lastUploadAt);
            } else {
                g.writeNullField("lastUpload");
            }
            g.writeObjectFieldStart("sensors");
            SortedMap<String, SensorStatuses.Latest> all = new TreeMap<>(sensors);
            for (String id : configured) {
                all.putIfAbsent(id, null);
            }
            for (Map.Entry<String, SensorStatuses.Latest> e : all.entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                SensorStatuses.Latest latest = e.getValue();
                if (latest == null) {
                    g.writeStringField("quality", "none");
                } else {
                    g.writeStringField("quality", latest.quality().wireName());
                    g.writeNumberField("ts", latest.ts());
                    if (latest.message() != null) {
                        g.writeStringField("message", latest.message());
                    }
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("versions");
            g.writeStringField("gateway", versions.gateway());
            g.writeStringField("java", versions.java());
            g.writeStringField("os", versions.os());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
