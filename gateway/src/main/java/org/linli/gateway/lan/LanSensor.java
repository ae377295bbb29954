package org.linli.gateway.lan;

import com.fasterxml.jackson.databind.JsonNode;
import org.linli.config.SensorBinding;
import org.linli.config.SensorSpec;
import org.linli.gateway.presence.PresenceState;
import org.linli.gateway.readings.ReadingTimes;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.WireLimits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One LAN sensor's messages and silences as readings. Pure and not thread-safe: {@link LanReadings}
 * owns one per sensor, on the LAN driver's context.
 *
 * <ul>
 *   <li><b>Measurements</b> (a sound level meter): every good message is a reading.</li>
 *   <li><b>Occupancy</b> (pir, presence, parking): the state goes through a {@link PresenceState} (hold
 *       time, periodic state). A message makes a reading when it changes the reported state, when the
 *       device says it is a change event, when its quality changes (a battery going low), and when it
 *       is the first after the start, an offline or an error reading. Other messages (heartbeats,
 *       repeats, link-quality updates) only refresh the values the next state reading carries.</li>
 *   <li><b>Silence</b>: with a heartbeat, {@link SensorBinding.MqttTopic#SILENCE_FACTOR} heartbeats
 *       without a message give one {@link Quality#OFFLINE} reading; periodic state readings stop until
 *       the device is heard again, so the cloud never mistakes "offline" for "vacant".</li>
 *   <li><b>Refusals</b>: each refused message is counted by the caller; {@value #ERROR_AFTER_REFUSALS}
 *       in a row give one {@link Quality#ERROR} reading naming the last reason; periodic state readings
 *       stop until the next good message.</li>
 * </ul>
 */
final class LanSensor {
    /** Refused messages in a row that make an error reading. */
    static final int ERROR_AFTER_REFUSALS = 5;

    private final SensorSpec spec;
    private final LanDecoder decoder;
    private final ReadingTimes times;
    private final Silence silence;
    private final PresenceState presence;
    private int refusedInARow;
    /** True until a good reading follows the start, an offline or an error reading. */
    private boolean statusPending = true;
    private Decoded.Sample last;

    LanSensor(SensorSpec spec, Duration stateInterval, ReadingTimes times) {
        this.spec = spec;
        this.decoder = LanDecoder.of(spec);
        this.times = times;
        Duration heartbeat = ((SensorBinding.MqttTopic) spec.binding()).heartbeat();
        this.silence = heartbeat == null ? null : new Silence(heartbeat, SensorBinding.MqttTopic.SILENCE_FACTOR, times.clock());
        this.presence = "bool".equals(spec.kind().unit()) ? new PresenceState(spec.holdTime(), stateInterval, times.clock()) : null;
    }

    String id() {
        return spec.id();
    }

    /** The readings a message makes, or why it was refused (the readings then hold at most one error). */
    Result message(JsonNode root, long receivedAt) {
        Decoded d = decoder.decode(root, receivedAt);
        if (d instanceof Decoded.Refused r) {
            return refused(r);
        }
        return new Result(sample((Decoded.Sample) d), null);
    }

    /** A message refused before it could be decoded (too large, not JSON). */
    Result refused(Decoded.Refused r) {
        if (silence != null) {
            silence.heard();
        }
        refusedInARow++;
        if (refusedInARow != ERROR_AFTER_REFUSALS) {
            return new Result(List.of(), r);
        }
        statusPending = true;
        String why = ERROR_AFTER_REFUSALS + " messages refused in a row, the last " + r.reason().code() + ": " + r.detail();
        return new Result(List.of(Reading.status(spec.id(), times.now(spec.id()), Quality.ERROR, clip(why))), r);
    }

    /** What is due now: an offline reading, a hold that ran out, the periodic state. */
    List<Reading> tick() {
        List<Reading> out = new ArrayList<>();
        if (silence != null) {
            Optional<String> offline = silence.check();
            if (offline.isPresent()) {
                statusPending = true;
                out.add(Reading.status(spec.id(), times.now(spec.id()), Quality.OFFLINE, clip(offline.get())));
                return out;
            }
        }
        if (presence != null && !statusPending && last != null) {
            presence.tick().ifPresent(state -> out.add(state(state, times.clock().millis())));
        }
        return out;
    }

    private List<Reading> sample(Decoded.Sample s) {
        if (silence != null) {
            silence.heard();
        }
        refusedInARow = 0;
        boolean news = statusPending || last == null || last.quality() != s.quality() || s.change();
        statusPending = false;
        last = s;
        if (presence == null) {
            return List.of(reading(s.values(), s.ts(), s.quality(), s.message()));
        }
        boolean active = s.values().getOrDefault(spec.kind().valueName(), 0.0) == 1.0;
        boolean changed = presence.observe(active, s.ts()).isPresent();
        if (!changed && !news) {
            return List.of();
        }
        Reading r = state(presence.state().orElse(active), s.ts());
        presence.reportedAt(r.ts());
        return List.of(r);
    }

    /** A reading of the reported state with the latest values and quality. */
    private Reading state(boolean occupied, long observedMs) {
        Map<String, Double> values = new HashMap<>(last.values());
        values.put(spec.kind().valueName(), occupied ? 1.0 : 0.0);
        return reading(values, observedMs, last.quality(), last.message());
    }

    private Reading reading(Map<String, Double> values, long observedMs, Quality quality, String message) {
        return new Reading(spec.id(), times.stamp(spec.id(), observedMs), values, spec.kind().unit(), quality,
                message == null ? null : clip(message));
    }

    private static String clip(String message) {
        return message.length() <= WireLimits.MAX_MESSAGE ? message : message.substring(0, WireLimits.MAX_MESSAGE - 1) + "…";
    }

    /**
     * What a message made.
     *
     * @param readings the readings, possibly none
     * @param refused  why the message was refused; null when it was used
     */
    record Result(List<Reading> readings, Decoded.Refused refused) {
    }
}
