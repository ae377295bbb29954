package org.linli.cloud.tickets;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * KPIs of the ticket loop per grid and for the community, over the tickets first dispatched in a
 * period. Rejected tickets (not a grid matter) count nowhere.
 * <ul>
 *   <li>response rate: accepted by the accept deadline / dispatched</li>
 *   <li>resolution rate (办结率): resolved / dispatched; {@code resolvedOnTime} counts those by the deadline</li>
 *   <li>satisfaction rate (满意率): satisfied evaluations / evaluations</li>
 *   <li>overdue: tickets with an accept or resolve deadline missed (or passed unmet by {@code now})</li>
 *   <li>median time from dispatch to accept and to resolution (wall-clock time)</li>
 * </ul>
 */
public final class Kpis {

    private Kpis() {
    }

    /**
     * One scope's figures; rates are 0..1 and null when nothing was there to count.
     */
    public record Figures(String scope, int dispatched, int acceptedOnTime, int resolved, int resolvedOnTime,
                          int evaluated, int satisfied, int overdue, Double responseRate, Double resolutionRate,
                          Double satisfactionRate, Duration medianToAccept, Duration medianToResolve) {
    }

    /** The figures of a period: the community's and each grid's (by grid id). */
    public record Report(Instant from, Instant to, Figures community, List<Figures> grids) {
    }

    /** The report over tickets first dispatched in [{@code from}, {@code to}), judged at {@code now}. */
    public static Report report(List<Ticket> tickets, Instant from, Instant to, Instant now, String communityName) {
        List<Ticket> counted = tickets.stream()
                .filter(t -> t.status() != TicketStatus.REJECTED && t.dispatchedAt() != null)
                .filter(t -> !t.dispatchedAt().isBefore(from) && t.dispatchedAt().isBefore(to))
                .toList();
        Map<String, List<Ticket>> byGrid = new TreeMap<>();
        counted.forEach(t -> byGrid.computeIfAbsent(t.grid(), g -> new ArrayList<>()).add(t));
        List<Figures> grids = byGrid.entrySet().stream().map(e -> figures(e.getKey(), e.getValue(), now)).toList();
        return new Report(from, to, figures(communityName, counted, now), grids);
    }

    /** How periods are cut: calendar weeks (Monday to Sunday) or calendar months, in the site's zone. */
    public enum By {
        WEEK, MONTH
    }

    /**
     * A period of whole local days [{@code from}, {@code to}); {@code last} is its last day.
     */
    public record Period(LocalDate from, LocalDate to) {
        public Period {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("a period ends after it starts: " + from + " .. " + to);
            }
        }

        public LocalDate last() {
            return to.minusDays(1);
        }

        /** Its start as an instant in {@code zone} (local midnight). */
        public Instant start(ZoneId zone) {
            return from.atStartOfDay(zone).toInstant();
        }

        /** Its end as an instant in {@code zone} (the next period's local midnight). */
        public Instant end(ZoneId zone) {
            return to.atStartOfDay(zone).toInstant();
        }
    }

    /**
     * The {@code count} periods up to the one holding {@code today}, newest first: this week (from Monday) and the
     * weeks before, or this month and the months before. The current one is not over yet.
     */
    public static List<Period> periods(By by, LocalDate today, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        List<Period> out = new ArrayList<>(count);
        if (by == By.WEEK) {
            LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            for (int i = 0; i < count; i++) {
                LocalDate from = monday.minusWeeks(i);
                out.add(new Period(from, from.plusWeeks(1)));
            }
        } else {
            LocalDate first = today.withDayOfMonth(1);
            for (int i = 0; i < count; i++) {
                LocalDate from = first.minusMonths(i);
                out.add(new Period(from, from.plusMonths(1)));
            }
        }
        return out;
    }

    /** One period's report. */
    public record PeriodReport(Period period, Report report) {
    }

    /**
     * The report of each period (same order), each over the tickets first dispatched in it; periods are local
     * days in {@code zone}, so a week across a daylight-saving change still runs midnight to midnight.
     */
    public static List<PeriodReport> byPeriod(List<Ticket> tickets, List<Period> periods, ZoneId zone, Instant now,
                                              String communityName) {
        return periods.stream().map(p -> new PeriodReport(p,
                report(tickets, p.start(zone), p.end(zone), now, communityName))).toList();
    }

    /** The figures of one set of dispatched tickets. */
    public static Figures figures(String scope, List<Ticket> tickets, Instant now) {
        int dispatched = tickets.size();
        int acceptedOnTime = count(tickets, t -> t.acceptedAt() != null && (t.acceptDue() == null || !t.acceptedAt().isAfter(t.acceptDue())));
        int resolved = count(tickets, t -> t.resolvedAt() != null);
        int resolvedOnTime = count(tickets, t -> t.resolvedAt() != null && (t.resolveDue() == null || !t.resolvedAt().isAfter(t.resolveDue())));
        int evaluated = count(tickets, t -> t.satisfied() != null);
        int satisfied = count(tickets, t -> Boolean.TRUE.equals(t.satisfied()));
        int overdue = count(tickets, t -> t.overdue(now));
        return new Figures(scope, dispatched, acceptedOnTime, resolved, resolvedOnTime, evaluated, satisfied, overdue,
                rate(acceptedOnTime, dispatched), rate(resolved, dispatched), rate(satisfied, evaluated),
                median(tickets, Ticket::acceptedAt), median(tickets, Ticket::resolvedAt));
    }

    private static int count(List<Ticket> tickets, java.util.function.Predicate<Ticket> p) {
        return (int) tickets.stream().filter(p).count();
    }

    private static Double rate(int n, int of) {
        return of == 0 ? null : (double) n / of;
    }

    /** Median of (milestone − dispatch) over the tickets that reached it; null when none did. */
    static Duration median(List<Ticket> tickets, Function<Ticket, Instant> milestone) {
        List<Duration> d = tickets.stream()
                .filter(t -> milestone.apply(t) != null)
                .map(t -> Duration.between(t.dispatchedAt(), milestone.apply(t)))
                .sorted()
                .toList();
        if (d.isEmpty()) {
            return null;
        }
        int mid = d.size() / 2;
        return d.size() % 2 == 1 ? d.get(mid) : d.get(mid - 1).plus(d.get(mid)).dividedBy(2);
    }
}
