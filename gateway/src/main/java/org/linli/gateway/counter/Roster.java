package org.linli.gateway.counter;

import org.linli.wire.RosterMessage;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The canteen roster as the counter looks it up: by member id (network terminals name the member)
 * and by Wiegand credential {@code facility:card} (readers and face terminals on Wiegand send only
 * that). Immutable; version 0 is "no roster yet" (everybody is {@link ReasonCode#NOT_IN_ROSTER}).
 */
public final class Roster {
    /** No roster received yet. */
    public static final Roster EMPTY = new Roster(new RosterMessage(0, 0, java.util.List.of()));

    private final RosterMessage message;
    private final Map<String, RosterMessage.Member> byMember = new HashMap<>();
    private final Map<String, String> byCard = new HashMap<>();

    public Roster(RosterMessage message) {
        this.message = message;
        for (RosterMessage.Member m : message.members()) {
            byMember.put(m.member(), m);
            if (m.card() != null) {
                byCard.put(normalise(m.card()), m.member());
            }
        }
    }

    /** The roster's version from the cloud; 0 when there is none. */
    public long version() {
        return message.version();
    }

    /** The message it was made from. */
    public RosterMessage message() {
        return message;
    }

    /** How many members. */
    public int size() {
        return byMember.size();
    }

    /** The entry the eligibility engine needs, if the member is in the roster. */
    public Optional<RosterEntry> entry(String memberId) {
        RosterMessage.Member m = memberId == null ? null : byMember.get(memberId);
        return m == null ? Optional.empty()
                : Optional.of(new RosterEntry(m.member(), m.birth(), m.hardship(), m.resident(), m.active()));
    }

    /** The masked name to show (e.g. 张*华), if the member is in the roster. */
    public Optional<String> displayName(String memberId) {
        RosterMessage.Member m = memberId == null ? null : byMember.get(memberId);
        return m == null ? Optional.empty() : Optional.of(m.displayName());
    }

    /** The member holding the Wiegand credential {@code facility:card}. */
    public Optional<String> memberForCard(long facility, long card) {
        return Optional.ofNullable(byCard.get(facility + ":" + card));
    }

    /** {@code 012:00345} and {@code 12:345} are the same credential. */
    private static String normalise(String card) {
        int colon = card.indexOf(':');
        return Long.parseLong(card.substring(0, colon)) + ":" + Long.parseLong(card.substring(colon + 1));
    }
}
