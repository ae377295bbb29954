package org.linli.gateway.lan;

import org.linli.config.SensorBinding;
import org.linli.config.SensorSpec;
import org.linli.gateway.readings.ReadingTimes;
import org.linli.wire.Reading;
import org.linli.wire.RejectReason;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The LAN driver's pure core: which sensors read a topic, and what a message on it or the passing of
 * time makes of them. No MQTT here; {@code LanVerticle} feeds it messages and a tick once a second.
 *
 * <p>Not thread-safe: use it on one context.
 */
public final class LanReadings {
    private final LanPayloads payloads = new LanPayloads();
    private final Map<String, List<LanSensor>> byTopic = new LinkedHashMap<>();
    private final List<LanSensor> sensors = new ArrayList<>();

    /**
     * @param sensors       the sensors bound to {@link SensorBinding.MqttTopic}s
     * @param stateInterval occupancy sensors repeat their state when they made no reading for this long
     * @param clock         arrival times come from the caller; this clock runs silences, holds and state intervals
     */
    public LanReadings(List<SensorSpec> sensors, Duration stateInterval, Clock clock) {
        ReadingTimes times = new ReadingTimes(clock);
        for (SensorSpec s : sensors) {
            LanSensor sensor = new LanSensor(s, stateInterval, times);
            this.sensors.add(sensor);
            byTopic.computeIfAbsent(((SensorBinding.MqttTopic) s.binding()).topic(), t -> new ArrayList<>()).add(sensor);
        }
    }

    /** The topics to subscribe to. */
    public Set<String> topics() {
        return byTopic.keySet();
    }

    /**
     * What a message makes: readings, and a refusal for each sensor it could not be used for.
     *
     * @param topic      where it came from
     * @param payload    as it came off the broker
     * @param receivedAt arrival time, epoch ms
     * @return null when no sensor reads {@code topic}
     */
    public Outcome message(String topic, byte[] payload, long receivedAt) {
        List<LanSensor> readers = byTopic.get(topic);
        if (readers == null) {
            return null;
        }
        LanPayloads.Parsed parsed = payloads.parse(payload);
        List<Reading> readings = new ArrayList<>();
        List<Refusal> refusals = new ArrayList<>();
        for (LanSensor sensor : readers) {
            LanSensor.Result result = parsed.refused() != null ? sensor.refused(parsed.refused())
                    : sensor.message(parsed.root(), receivedAt);
            readings.addAll(result.readings());
            if (result.refused() != null) {
                refusals.add(new Refusal(sensor.id(), result.refused().reason(), result.refused().detail()));
            }
        }
        return new Outcome(readings, refusals);
    }

    /** What the passing of time makes: offline readings, holds that ran out, periodic states. */
    public List<Reading> tick() {
        List<Reading> out = new ArrayList<>();
        for (LanSensor sensor : sensors) {
            out.addAll(sensor.tick());
        }
        return out;
    }

    /**
     * What one message made.
     *
     * @param readings readings to send, status readings among them
     * @param refusals one per sensor the message could not be used for
     */
    public record Outcome(List<Reading> readings, List<Refusal> refusals) {
    }

    /**
     * A message refused for one sensor.
     *
     * @param sensor the sensor id
     * @param reason the counter
     * @param detail what is wrong
     */
    public record Refusal(String sensor, RejectReason reason, String detail) {
    }
}
