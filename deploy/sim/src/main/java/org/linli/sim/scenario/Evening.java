package org.linli.sim.scenario;

import org.linli.config.GatewaySpec;
import org.linli.config.Schedule;
import org.linli.config.SensorKind;
import org.linli.config.SensorSpec;
import org.linli.config.Site;
import org.linli.config.Space;
import org.linli.config.SpaceKind;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.WireCodec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The scripted day of issue 5's demo, as one gateway would have sent it (pure: no I/O, no clock but the
 * one passed in). On the site's local {@code date}:
 *
 * <ul>
 *   <li><b>morning market</b> {@value #MARKET_FROM}–{@value #MARKET_TO}: stalls on a space whose
 *       schedule allows a {@code market} that day (none when no space of the gateway has one);</li>
 *   <li><b>afternoon</b> {@value #LOUD_FROM}: 3 minutes at 90 dB(A) on the plaza, 45 dB before and after;</li>
 *   <li><b>square dancing</b> {@value #DANCE_FROM}–{@value #DANCE_TO} at 75 dB(A) LAeq on the plaza,
 *       a 45 dB background from {@value #EVENING_FROM} before and until {@value #EVENING_TO} after;</li>
 *   <li><b>a car</b> on a green space {@value #CAR_FROM}–{@value #CAR_TO} (40 minutes);</li>
 *   <li><b>a sensor that goes offline</b>: a second occupancy sensor sees a car arrive at
 *       {@value #LAST_CAR_FROM}, falls silent after {@value #OFFLINE_AFTER} and, in the live tail
 *       ({@link #live}), its gateway reports it OFFLINE.</li>
 * </ul>
 *
 * <p>Values as the gateway sends them: a noise sensor's per-minute aggregate at the minute's start
 * ({@code laeq, lmax, lmin, l10, l90, samples}, unit {@code dBA}, as the gateway's {@code noise}
 * package makes it and the cloud's {@code NoiseMinute} reads it), occupancy sensors a state reading
 * ({@code occupied} 0/1, unit {@code bool}) every minute from {@value #DAY_FROM} to
 * {@value #EVENING_TO}. Event time is the source timestamp: replayed, a whole day takes seconds.
 *
 * <p>The cast is taken from the gateway's sensors in the site inventory ({@link Cast#of}).
 */
public final class Evening {
    public static final String DAY_FROM = "05:50";
    public static final String MARKET_FROM = "06:10";
    public static final String MARKET_TO = "07:50";
    public static final String LOUD_FROM = "15:00";
    public static final int LOUD_MINUTES = 3;
    public static final String EVENING_FROM = "19:00";
    public static final String DANCE_FROM = "19:30";
    public static final String DANCE_TO = "21:30";
    public static final String CAR_FROM = "20:00";
    public static final String CAR_TO = "20:40";
    public static final String LAST_CAR_FROM = "21:50";
    public static final String OFFLINE_AFTER = "22:00";
    public static final String EVENING_TO = "22:10";

    public static final double BACKGROUND_DB = 45.0;
    public static final double DANCE_DB = 75.0;
    public static final double LOUD_DB = 90.0;

    private static final Set<SensorKind> NOISE = EnumSet.of(SensorKind.SOUND_LEVEL_METER, SensorKind.NOISE_MODULE);
    private static final Set<SensorKind> OCCUPANCY = EnumSet.of(SensorKind.PARKING, SensorKind.PRESENCE, SensorKind.PIR);

    private Evening() {
    }

    /**
     * Who plays which part: sensors of one gateway.
     *
     * @param noise   the sound level meter (or noise module) on a space with a noise zone: dancing and the afternoon
     * @param car     the occupancy sensor on a green space that sees the 40-minute car
     * @param market  the occupancy sensor on a space that allows a market that morning; null for none
     * @param offline the occupancy sensor that goes offline; null for none
     */
    public record Cast(String noise, String car, String market, String offline) {

        public Cast {
            Objects.requireNonNull(noise, "noise");
            Objects.requireNonNull(car, "car");
        }

        /** Every sensor with a part, without repeats. */
        public List<String> sensors() {
            List<String> out = new ArrayList<>();
            for (String s : new String[] {noise, car, market, offline}) {
                if (s != null && !out.contains(s)) {
                    out.add(s);
                }
            }
            return out;
        }

        /**
         * The cast from {@code gateway}'s sensors: the first noise sensor on a space with a noise zone; the
         * first occupancy sensor on a green space for the car; the last other occupancy sensor for the
         * offline part; the first occupancy sensor but that one whose space allows a {@code market} on
         * {@code date}'s weekday for the market (it may be the car's).
         *
         * @throws IllegalArgumentException when the gateway lacks a noise sensor or a green-space sensor
         */
        public static Cast of(Site site, String gateway, LocalDate date) {
            GatewaySpec g = site.gateway(gateway)
                    .orElseThrow(() -> new IllegalArgumentException("gateway " + gateway + " is not in site " + site.id()));
            String noise = null;
            String car = null;
            for (SensorSpec s : g.sensors()) {
                Optional<Space> space = site.space(s.space());
                if (noise == null && NOISE.contains(s.kind()) && space.map(Space::noiseZone).isPresent()) {
                    noise = s.id();
                }
                if (car == null && OCCUPANCY.contains(s.kind()) && space.map(Space::kind).orElse(null) == SpaceKind.GREEN_SPACE) {
                    car = s.id();
                }
            }
            if (noise == null) {
                throw new IllegalArgumentException("gateway " + gateway + " has no noise sensor on a space with a noise zone");
            }
            if (car == null) {
                throw new IllegalArgumentException("gateway " + gateway + " has no occupancy sensor on a green space");
            }
            String offline = null;
            for (SensorSpec s : g.sensors()) {
                if (OCCUPANCY.contains(s.kind()) && !s.id().equals(car)) {
                    offline = s.id();
                }
            }
            String market = null;
            for (SensorSpec s : g.sensors()) {
                if (market == null && OCCUPANCY.contains(s.kind()) && !s.id().equals(offline)
                        && site.space(s.space()).map(sp -> allowsMarket(sp, date)).orElse(false)) {
                    market = s.id();
                }
            }
            return new Cast(noise, car, market, offline);
        }

        private static boolean allowsMarket(Space space, LocalDate date) {
            for (Schedule w : space.schedules()) {
                if (w.activity().equals("market") && w.covers(date.getDayOfWeek(), LocalTime.parse(MARKET_FROM))
                        && w.covers(date.getDayOfWeek(), LocalTime.parse(MARKET_TO).minusMinutes(1))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The latest date whose scripted day is over at {@code clock}'s now in {@code zone} (its last reading,
     * {@value #EVENING_TO}, at least a minute ago): yesterday before 22:11 local, else today.
     */
    public static LocalDate lastEvening(Clock clock, ZoneId zone) {
        Instant now = clock.instant();
        LocalDate today = now.atZone(zone).toLocalDate();
        return !at(today, EVENING_TO, zone).plus(Duration.ofMinutes(1)).isAfter(now) ? today : today.minusDays(1);
    }

    /** {@code time} (HH:mm) on {@code date} in {@code zone}. */
    public static Instant at(LocalDate date, String time, ZoneId zone) {
        return date.atTime(LocalTime.parse(time)).atZone(zone).toInstant();
    }

    /** Every reading of the scripted day, in event-time order (noise first within a minute). */
    public static List<Reading> day(Cast cast, LocalDate date, ZoneId zone) {
        List<Reading> out = new ArrayList<>();
        // The afternoon: 45 dB, 3 minutes at 90 dB, 45 dB.
        Instant loud = at(date, LOUD_FROM, zone);
        for (Instant m = loud.minus(Duration.ofMinutes(10)); m.isBefore(loud.plus(Duration.ofMinutes(15))); m = m.plus(Duration.ofMinutes(1))) {
            boolean isLoud = !m.isBefore(loud) && m.isBefore(loud.plus(Duration.ofMinutes(LOUD_MINUTES)));
            out.add(noiseMinute(cast.noise(), m, isLoud ? LOUD_DB : BACKGROUND_DB));
        }
        // The evening: background, dancing, background.
        Instant danceFrom = at(date, DANCE_FROM, zone);
        Instant danceTo = at(date, DANCE_TO, zone);
        for (Instant m = at(date, EVENING_FROM, zone); !m.isAfter(at(date, EVENING_TO, zone)); m = m.plus(Duration.ofMinutes(1))) {
            boolean dancing = !m.isBefore(danceFrom) && m.isBefore(danceTo);
            out.add(noiseMinute(cast.noise(), m, dancing ? DANCE_DB : BACKGROUND_DB));
        }
        // Occupancy sensors: a state every minute.
        Map<String, List<Instant[]>> occupied = new LinkedHashMap<>();
        occupied.computeIfAbsent(cast.car(), k -> new ArrayList<>())
                .add(new Instant[] {at(date, CAR_FROM, zone), at(date, CAR_TO, zone)});
        if (cast.market() != null) {
            occupied.computeIfAbsent(cast.market(), k -> new ArrayList<>())
                    .add(new Instant[] {at(date, MARKET_FROM, zone), at(date, MARKET_TO, zone)});
        }
        if (cast.offline() != null) {
            occupied.computeIfAbsent(cast.offline(), k -> new ArrayList<>())
                    .add(new Instant[] {at(date, LAST_CAR_FROM, zone), at(date, EVENING_TO, zone)});
        }
        for (Map.Entry<String, List<Instant[]>> e : occupied.entrySet()) {
            String sensor = e.getKey();
            Instant last = sensor.equals(cast.offline()) ? at(date, OFFLINE_AFTER, zone) : at(date, EVENING_TO, zone);
            for (Instant m = at(date, DAY_FROM, zone); !m.isAfter(last); m = m.plus(Duration.ofMinutes(1))) {
                boolean busy = false;
                for (Instant[] span : e.getValue()) {
                    busy |= !m.isBefore(span[0]) && m.isBefore(span[1]);
                }
                out.add(Reading.of(sensor, m.toEpochMilli(), "occupied", busy ? 1.0 : 0.0, "bool"));
            }
        }
        out.sort(Comparator.comparingLong(Reading::ts)); // stable: noise before occupancy within a minute
        return List.copyOf(out);
    }

    /**
     * The live tail at {@code now}, after the replay: a heartbeat of every sensor still working (the noise
     * sensor's background minute, the occupancy sensors vacant) and the offline sensor's OFFLINE status,
     * as its gateway reports a sensor that stopped answering. Repeated every minute, it keeps the
     * replayed gateway alive for the cloud's deadman rule.
     */
    public static List<Reading> live(Cast cast, Instant now) {
        List<Reading> out = new ArrayList<>();
        out.add(noiseMinute(cast.noise(), now.truncatedTo(ChronoUnit.MINUTES), BACKGROUND_DB));
        for (String s : cast.sensors()) {
            if (s.equals(cast.noise())) {
                continue;
            }
            if (s.equals(cast.offline())) {
                out.add(Reading.status(s, now.toEpochMilli(), Quality.OFFLINE, "no answer from the sensor since " + OFFLINE_AFTER));
            } else {
                out.add(Reading.of(s, now.toEpochMilli(), "occupied", 0.0, "bool"));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The readings cut into batches of at most {@code perBatch} in order, numbered from {@code firstSeq},
     * each sent "when formed" (its last reading's time), as a gateway's buffer holds them.
     */
    public static List<ReadingBatch> batches(String site, String gateway, String bootId, long firstSeq,
                                             List<Reading> readings, int perBatch) {
        if (perBatch < 1) {
            throw new IllegalArgumentException("perBatch must be at least 1: " + perBatch);
        }
        List<ReadingBatch> out = new ArrayList<>();
        for (int i = 0; i < readings.size(); i += perBatch) {
            List<Reading> chunk = readings.subList(i, Math.min(readings.size(), i + perBatch));
            out.add(new ReadingBatch(WireCodec.VERSION, site, gateway, bootId, firstSeq + out.size(),
                    chunk.get(chunk.size() - 1).ts(), chunk));
        }
        return out;
    }

    /** A per-minute noise aggregate with a plausible spread around {@code laeq}. */
    static Reading noiseMinute(String sensor, Instant minute, double laeq) {
        boolean music = laeq > BACKGROUND_DB + 10;
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("laeq", laeq);
        v.put("lmax", laeq + (music ? 7.0 : 6.5));
        v.put("lmin", laeq - (music ? 7.0 : 4.0));
        v.put("l10", laeq + 3.0);
        v.put("l90", laeq - (music ? 5.0 : 3.0));
        v.put("samples", 60.0);
        return new Reading(sensor, minute.truncatedTo(ChronoUnit.MINUTES).toEpochMilli(), v, "dBA", Quality.GOOD, null);
    }
}
