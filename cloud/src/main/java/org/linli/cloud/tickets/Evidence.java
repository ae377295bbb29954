package org.linli.cloud.tickets;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * The evidence pack of a ticket ({@code GET /api/tickets/{id}/evidence}): the measured series around
 * the episode, the thresholds applied and the sensors with their placement. Built on demand.
 *
 * @param series     {@code ok}, {@code unavailable} (InfluxDB could not be asked: see {@code seriesNote};
 *                   the rest of the pack is still there) or {@code none} (a kind without a series)
 * @param seriesNote why the series is missing, or null
 * @param from       the series' window start (episode start − {@code linli.tickets.evidence-before})
 * @param to         its end (episode end, or now while it lasts, + {@code evidence-after})
 * @param points     the readings of the space's sensors in the window, oldest first
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Evidence(long ticketId, String kind, String space, String spaceName, String grid,
                       @Nullable String episodeStart, @Nullable String episodeEnd, @Nullable Double peakDb,
                       @Nullable Double laeqDb, String series, @Nullable String seriesNote, @Nullable String measurement,
                       @Nullable String from, @Nullable String to, List<Point> points, Thresholds thresholds,
                       List<TicketViews.SensorView> sensors) {

    /** One reading: time (ISO-8601), sensor, and its fields (levels, occupancy, quality …). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Point(String time, @Nullable String sensor, Map<String, Object> values) {
    }

    /**
     * What the rule judged against: the space's own settings (the defaults with the site inventory's
     * site-wide and the space's {@code rules:}). Noise: the GB 3096 zone class with its day and night
     * limits, the limit the episode was judged against, margin, local end time and boundary cap, windows
     * in minutes, the emergence over the background. Encroachment: the space's dwell, the confirmation
     * and cooldown in minutes.
     *
     * @param source {@code space rules} (the space has its own {@code rules:}), {@code site rules} (only
     *               the site-wide block applies) or {@code defaults}
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Thresholds(String source, String zoneClass, int dayLimitDb, int nightLimitDb,
                             @Nullable Double limitAppliedDb, @Nullable Double marginDb, @Nullable Double boundaryCapDb,
                             @Nullable String endTime, @Nullable String dayStart, @Nullable String nightStart,
                             @Nullable Long windowMinutes, @Nullable Long startAfterMinutes, @Nullable Long endAfterMinutes,
                             @Nullable Double emergenceDb, @Nullable Long dwellMinutes, @Nullable Long confirmMinutes, @Nullable Long cooldownMinutes) {
    }
}
