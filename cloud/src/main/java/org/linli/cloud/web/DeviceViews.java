package org.linli.cloud.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import org.linli.cloud.auth.Access;
import org.linli.cloud.auth.StaffUser;
import org.linli.cloud.ingest.CommissioningReports;
import org.linli.cloud.ingest.ReadingPoint;
import org.linli.config.GatewaySpec;
import org.linli.config.Grid;
import org.linli.config.SensorSpec;
import org.linli.config.Site;
import org.linli.config.Space;
import org.linli.wire.Quality;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Gateways, sensors and spaces as one user may see them: only the grids {@link Access} lets them see,
 * with the status that follows from the latest readings. Pure: site, readings and the time in, rows out.
 */
public final class DeviceViews {
    /** A device whose latest reading is older than this is shown as stale. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(5);

    private final Site site;
    private final Access access;

    public DeviceViews(Site site, Access access) {
        this.site = site;
        this.access = access;
    }

    /** One gateway of {@code GET /api/devices}. status: online, stale, never. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record GatewayRow(String gateway, String name, String status, @Nullable Long lastSeen,
                             @Nullable String lastSeenLocal, @Nullable String version, @Nullable Boolean commissioningPassed,
                             List<String> commissioningFailed, List<SensorRow> sensors) {
    }

    /** One sensor. status: online, stale, never, error, offline (the latter two from the reading's quality). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SensorRow(String sensor, String kind, String space, String spaceName, String grid, String gridName,
                            String status, @Nullable Long lastSeen, @Nullable String lastSeenLocal,
                            @Nullable String reading, @Nullable String message) {
    }

    /** One space of {@code GET /api/spaces}. occupancy: occupied, vacant, unknown. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SpaceRow(String space, String name, String kind, String grid, String gridName,
                           @Nullable Double noiseLaeq, String occupancy, @Nullable Long lastSeen,
                           @Nullable String lastSeenLocal) {
    }

    /** The gateways with at least one sensor in a grid {@code user} may see, with only those sensors. */
    public List<GatewayRow> gateways(StaffUser user, List<ReadingPoint> latest, List<CommissioningReports.Received> reports,
                                     Instant now) {
        Map<String, ReadingPoint> bySensor = bySensor(latest);
        Map<String, CommissioningReports.Received> byGateway = new HashMap<>();
        reports.forEach(r -> byGateway.put(r.report().gateway(), r));
        List<GatewayRow> rows = new ArrayList<>();
        for (GatewaySpec g : site.gateways()) {
            List<SensorRow> sensors = new ArrayList<>();
            Long lastSeen = null;
            for (SensorSpec s : g.sensors()) {
                String grid = site.space(s.space()).map(Space::grid).orElse(null);
                if (!access.canSeeGrid(user, grid)) {
                    continue;
                }
                ReadingPoint p = bySensor.get(s.id());
                sensors.add(sensorRow(s, grid, p, now));
                if (p != null && (lastSeen == null || p.time() > lastSeen)) {
                    lastSeen = p.time();
                }
            }
            if (sensors.isEmpty()) {
                continue;
            }
            CommissioningReports.Received report = byGateway.get(g.id());
            rows.add(new GatewayRow(g.id(), g.name() == null ? g.id() : g.name(), freshness(lastSeen, now), lastSeen,
                    local(lastSeen), report == null ? null : report.report().gatewayVersion(),
                    report == null ? null : report.report().passed(),
                    report == null ? List.of() : report.report().failedItems(), sensors));
        }
        return rows;
    }

    /** Whether {@code user} may see gateway {@code gatewayId} (it has a sensor in one of their grids). */
    public boolean canSeeGateway(StaffUser user, String gatewayId) {
        return site.gateway(gatewayId).map(g -> g.sensors().stream()
                .anyMatch(s -> access.canSeeGrid(user, site.space(s.space()).map(Space::grid).orElse(null)))).orElse(false);
    }

    /** The spaces of {@code grids} with their current noise and occupancy. */
    public List<SpaceRow> spaces(Set<String> grids, List<ReadingPoint> latest, Instant now) {
        List<SpaceRow> rows = new ArrayList<>();
        for (Space space : site.spaces()) {
            if (!grids.contains(space.grid())) {
                continue;
            }
            Double noise = null;
            Long lastSeen = null;
            int occupied = 0;
            int vacant = 0;
            int unknown = 0;
            for (ReadingPoint p : latest) {
                if (!space.id().equals(p.space())) {
                    continue;
                }
                lastSeen = lastSeen == null ? p.time() : Math.max(lastSeen, p.time());
                boolean fresh = now.toEpochMilli() - p.time() <= STALE_AFTER.toMillis()
                        && (p.quality() == Quality.GOOD || p.quality() == Quality.SUSPECT);
                if ("noise".equals(p.measurement()) && fresh) {
                    Double v = p.values().containsKey("laeq") ? p.values().get("laeq") : p.values().get("la");
                    if (v != null && (noise == null || v > noise)) {
                        noise = v;
                    }
                } else if ("occupancy".equals(p.measurement())) {
                    Double v = p.values().get("occupied");
                    if (!fresh || v == null) {
                        unknown++;
                    } else if (v >= 0.5) {
                        occupied++;
                    } else {
                        vacant++;
                    }
                }
            }
            String occupancy = occupied > 0 ? "occupied" : vacant > 0 && unknown == 0 ? "vacant" : "unknown";
            rows.add(new SpaceRow(space.id(), space.name(), space.kind().name().toLowerCase(Locale.ROOT), space.grid(),
                    gridName(space.grid()), noise, occupancy, lastSeen, local(lastSeen)));
        }
        return rows;
    }

    private SensorRow sensorRow(SensorSpec s, String grid, ReadingPoint p, Instant now) {
        String status;
        if (p == null) {
            status = "never";
        } else if (p.quality() == Quality.ERROR || p.quality() == Quality.OFFLINE) {
            status = p.quality().wireName();
        } else {
            status = freshness(p.time(), now);
        }
        return new SensorRow(s.id(), s.kind().name().toLowerCase(Locale.ROOT), s.space(),
                site.space(s.space()).map(Space::name).orElse(s.space()), grid, gridName(grid), status,
                p == null ? null : p.time(), p == null ? null : local(p.time()),
                p == null ? null : Formats.values(p.values(), p.unit()), p == null ? null : p.message());
    }

    private String gridName(String grid) {
        return site.grid(grid).map(Grid::name).orElse(grid);
    }

    private static String freshness(Long lastSeen, Instant now) {
        if (lastSeen == null) {
            return "never";
        }
        return now.toEpochMilli() - lastSeen <= STALE_AFTER.toMillis() ? "online" : "stale";
    }

    private String local(Long epochMillis) {
        return epochMillis == null ? null : Formats.localTime(epochMillis, site.zone());
    }

    private static Map<String, ReadingPoint> bySensor(List<ReadingPoint> latest) {
        Map<String, ReadingPoint> map = new HashMap<>();
        latest.forEach(p -> map.put(p.sensor(), p));
        return map;
    }
}
