package org.linli.cloud.ingest;

import org.linli.config.GatewaySpec;
import org.linli.config.SensorSpec;
import org.linli.config.Site;
import org.linli.config.Space;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.RejectReason;
import org.linli.wire.TopicAddress;
import org.linli.wire.Topics;
import org.linli.wire.WireException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a decoded batch against the site inventory and turns its readings into {@link ReadingPoint}s.
 *
 * <p>The whole batch is refused when it did not come on a readings topic ({@code BAD_TOPIC}), when the
 * topic names another site or gateway than the payload ({@code TOPIC_MISMATCH}), or when the gateway is
 * not in this site's inventory ({@code UNKNOWN_GATEWAY}). A reading from a sensor the gateway does not
 * have is refused alone ({@code UNKNOWN_SENSOR}); its batch-mates are stored. So is a reading with a
 * value named {@code time} or like one of the point's tags ({@code BAD_FIELD}): InfluxDB 1.x silently
 * drops a field called {@code time}, and a field named like a tag makes queries on that tag ambiguous.
 * Thread-safe.
 */
public final class BatchMapper {
    /** Value names that would collide in InfluxDB with the time column or the tags of {@link ReadingPoint}. */
    static final Set<String> CLASHING_VALUE_NAMES = Set.of("time", "site", "gateway", "sensor", "space", "grid");

    private final Site site;
    /** Gateway id → sensor id → sensor, built once: a batch may carry thousands of readings. */
    private final Map<String, Map<String, SensorSpec>> sensorsByGateway;
    private final Map<String, Space> spaces;

    public BatchMapper(Site site) {
        this.site = site;
        this.sensorsByGateway = site.gateways().stream().collect(Collectors.toUnmodifiableMap(GatewaySpec::id,
                g -> g.sensors().stream().collect(Collectors.toUnmodifiableMap(SensorSpec::id, Function.identity()))));
        this.spaces = site.spaces().stream().collect(Collectors.toUnmodifiableMap(Space::id, Function.identity()));
    }

    /**
     * The points of {@code batch}, which arrived on {@code topic}.
     *
     * @throws WireException when the whole batch must be refused
     */
    public MappedBatch map(TopicAddress topic, ReadingBatch batch) throws WireException {
        if (!Topics.READINGS.equals(topic.channel())) {
            throw new WireException(RejectReason.BAD_TOPIC, "channel '" + topic.channel() + "' carries no readings");
        }
        if (!topic.site().equals(batch.site()) || !topic.gateway().equals(batch.gateway())) {
            throw new WireException(RejectReason.TOPIC_MISMATCH, "topic names " + topic.site() + "/" + topic.gateway()
                    + " but the payload says " + batch.site() + "/" + batch.gateway());
        }
        if (!site.id().equals(batch.site())) {
            throw new WireException(RejectReason.UNKNOWN_GATEWAY,
                    "site '" + batch.site() + "' is not this cloud's site '" + site.id() + "'");
        }
        Map<String, SensorSpec> sensors = sensorsByGateway.get(batch.gateway());
        if (sensors == null) {
            throw new WireException(RejectReason.UNKNOWN_GATEWAY,
                    "gateway '" + batch.gateway() + "' is not in the inventory of site " + site.id());
        }

        List<ReadingPoint> points = new ArrayList<>(batch.readings().size());
        List<RejectedReading> rejected = new ArrayList<>();
        for (Reading reading : batch.readings()) {
            SensorSpec sensor = sensors.get(reading.sensor());
            Optional<String> clash = reading.values().keySet().stream().filter(CLASHING_VALUE_NAMES::contains).findFirst();
            if (sensor == null) {
                rejected.add(new RejectedReading(reading, RejectReason.UNKNOWN_SENSOR,
                        "sensor '" + reading.sensor() + "' is not configured on gateway " + batch.gateway()));
            } else if (clash.isPresent()) {
                rejected.add(new RejectedReading(reading, RejectReason.BAD_FIELD, "sensor '" + reading.sensor()
                        + "': a value may not be named '" + clash.get() + "' (clashes with InfluxDB's time or a tag)"));
            } else {
                points.add(point(batch, sensor, reading));
            }
        }
        return new MappedBatch(batch, points, rejected);
    }

    private ReadingPoint point(ReadingBatch batch, SensorSpec sensor, Reading reading) {
        // SiteLoader has checked that every sensor's space exists and every space's grid exists.
        Space space = spaces.get(sensor.space());
        return new ReadingPoint(sensor.kind().measurement(), batch.site(), batch.gateway(), sensor.id(),
                space.id(), space.grid(), reading.ts(), reading.values(), reading.unit(), reading.quality(),
                reading.message(), batch.seq());
    }
}
