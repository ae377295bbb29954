package org.linli.cloud.canteen;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A canteen's monthly settlement: every subsidised served meal exactly once, with totals per day and
 * for the month; double claims waiting for review listed apart and left out of the totals. Pure: the
 * lines come from the ledger, the totals are computed here.
 *
 * @param canteen     canteen id
 * @param canteenName display name
 * @param month       the month
 * @param lines       settled meals, by date and time
 * @param days        per-day totals, by date (days without meals left out)
 * @param total       the month's total
 * @param pending     flagged meals waiting for review (待复核), by time; not in any total
 */
public record Settlement(String canteen, String canteenName, YearMonth month, List<SettlementLine> lines,
                         List<DayTotal> days, DayTotal total, List<SettlementLine> pending) {

    /** Meals, subsidy and paid amounts of a day, or of the month when {@code date} is null. */
    public record DayTotal(LocalDate date, long meals, long subsidyFen, long payFen) {
    }

    private static final Comparator<SettlementLine> ORDER =
            Comparator.comparing(SettlementLine::date).thenComparing(SettlementLine::time).thenComparing(SettlementLine::eventId);

    /**
     * @throws IllegalArgumentException when a line is outside the month or an event id appears twice:
     *                                  a settlement never lists a meal twice
     */
    public static Settlement of(String canteen, String canteenName, YearMonth month, List<SettlementLine> settled,
                                List<SettlementLine> pending) {
        List<SettlementLine> lines = new ArrayList<>(settled);
        lines.sort(ORDER);
        java.util.Set<String> seen = new java.util.HashSet<>();
        Map<LocalDate, long[]> perDay = new TreeMap<>();
        long meals = 0;
        long subsidy = 0;
        long pay = 0;
        for (SettlementLine l : lines) {
            if (!YearMonth.from(l.date()).equals(month)) {
                throw new IllegalArgumentException("meal " + l.eventId() + " of " + l.date() + " is not in " + month);
            }
            if (!seen.add(l.eventId())) {
                throw new IllegalArgumentException("meal " + l.eventId() + " is listed twice");
            }
            long[] day = perDay.computeIfAbsent(l.date(), d -> new long[3]);
            day[0]++;
            day[1] += l.subsidyFen();
            day[2] += l.payFen();
            meals++;
            subsidy += l.subsidyFen();
            pay += l.payFen();
        }
        List<DayTotal> days = perDay.entrySet().stream()
                .map(e -> new DayTotal(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
        List<SettlementLine> flagged = new ArrayList<>(pending);
        flagged.sort(ORDER);
        return new Settlement(canteen, canteenName, month, List.copyOf(lines), days,
                new DayTotal(null, meals, subsidy, pay), List.copyOf(flagged));
    }

    /** Fen as yuan with two decimals: 1500 → 15.00. */
    public static String yuan(long fen) {
        long abs = Math.abs(fen);
        long cents = abs % 100;
        return (fen < 0 ? "-" : "") + abs / 100 + (cents < 10 ? ".0" : ".") + cents;
    }
}
