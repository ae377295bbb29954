package org.linli.config.canteen;

import java.time.LocalTime;
import java.util.Objects;

/**
 * A meal time in which one subsidised meal per person may be served, e.g. lunch 11:00-13:30.
 * {@code from} is inclusive and {@code to} exclusive: lunch 11:00-13:30 serves 11:00:00 and 13:29:59
 * but not 13:30:00, so two windows can meet without a moment that belongs to both. Windows do not run
 * over midnight.
 *
 * @param name     id, e.g. {@code lunch}
 * @param label    display name, e.g. 午餐
 * @param from     start, inclusive
 * @param to       end, exclusive, after {@code from}
 * @param priceFen the meal's price in this window, in fen
 */
public record MealWindow(String name, String label, LocalTime from, LocalTime to, long priceFen) {

    public MealWindow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a meal window must start before it ends: " + from + "-" + to);
        }
        if (priceFen < 0) {
            throw new IllegalArgumentException("priceFen must not be negative");
        }
    }

    /** Whether {@code time} falls in this window (start inclusive, end exclusive). */
    public boolean covers(LocalTime time) {
        return !time.isBefore(from) && time.isBefore(to);
    }
}
