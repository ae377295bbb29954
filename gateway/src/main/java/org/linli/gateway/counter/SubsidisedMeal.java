package org.linli.gateway.counter;

import org.linli.config.canteen.VerificationMethod;

import java.time.Instant;
import java.util.Objects;

/**
 * A subsidised meal already recorded, at this or another canteen: what the one-meal-per-window rule
 * and the daily cap count, and one line of the settlement.
 *
 * @param memberId   the member
 * @param canteenId  where it was served
 * @param window     the meal window's name, e.g. {@code lunch}
 * @param time       when it was served
 * @param subsidyFen the subsidy granted, in fen
 * @param method     how the member was verified
 */
public record SubsidisedMeal(String memberId, String canteenId, String window, Instant time, long subsidyFen,
                             VerificationMethod method) {

    public SubsidisedMeal {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(canteenId, "canteenId");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(method, "method");
        if (subsidyFen < 0) {
            throw new IllegalArgumentException("subsidyFen must not be negative");
        }
    }
}
