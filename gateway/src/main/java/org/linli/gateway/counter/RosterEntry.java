package org.linli.gateway.counter;

import java.time.YearMonth;
import java.util.Objects;

/**
 * One elder in the canteen roster, as the gateway keeps it offline. Pseudonymous: no name, no ID
 * number, no face data.
 *
 * @param memberId          pseudonymous member id
 * @param birth             year and month of birth (the day is not kept)
 * @param hardshipCategory  e.g. {@code dibao} (低保) or {@code tekun} (特困); null for none
 * @param resident          meets the policy's residency rule (户籍 or residence permit)
 * @param active            enrolled and not suspended
 */
public record RosterEntry(String memberId, YearMonth birth, String hardshipCategory, boolean resident,
                          boolean active) {

    public RosterEntry {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(birth, "birth");
    }
}
