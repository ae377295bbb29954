package org.linli.wire;

import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

/**
 * The canteen roster the cloud publishes retained on {@link Topics#CANTEEN_ROSTER}: every enrolled
 * elder, pseudonymous, with only what the counter needs. A gateway keeps the highest version it has
 * seen and ignores older ones.
 *
 * @param version  increases with every change
 * @param issuedAt epoch ms
 * @param members  the members
 */
public record RosterMessage(long version, long issuedAt, List<Member> members) {

    public RosterMessage {
        members = List.copyOf(members);
    }

    /**
     * @param member      pseudonymous member id
     * @param displayName the masked name the counter shows, e.g. 张*华; never the full name
     * @param birth       year and month of birth
     * @param hardship    hardship category (e.g. {@code dibao}), or null
     * @param resident    meets the residency rule
     * @param active      enrolled and not suspended
     * @param card        the credential a Wiegand reader or face terminal sends for this member, as
     *                    {@code facility:card} (e.g. {@code 12:34567}), or null when they have none
     */
    public record Member(String member, String displayName, YearMonth birth, String hardship, boolean resident,
                         boolean active, String card) {
        public Member {
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(displayName, "displayName");
            Objects.requireNonNull(birth, "birth");
        }
    }
}
