package org.linli.gateway.counter;

import org.linli.config.canteen.VerificationMethod;
import org.linli.wire.ClaimsMessage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns one {@link CounterInput} into the {@link LedgerEntry} to write: resolves the member (by the
 * roster's credential for Wiegand, by id for network terminals), adds the cloud's claims at other
 * canteens to the member's meals of the day, asks the {@link EligibilityEngine}, and notes a face
 * match that failed at the same terminal shortly before a non-face method (an anomaly for review).
 *
 * <p>Plain Java. Not thread-safe (it remembers recent failed face matches): call it from one thread
 * at a time, as the counter's ordered ledger work does.
 */
public final class Counter {
    /** A non-face method this soon after a failed face match at the same terminal is flagged. */
    public static final Duration FALLBACK_WINDOW = Duration.ofMinutes(2);

    private final String canteenId;
    private final Clock clock;
    private final ZoneId zone;
    private final Map<String, Instant> lastFaceFailure = new HashMap<>();

    /**
     * @param canteenId this counter's canteen
     * @param clock     the gateway's clock in the site's zone
     */
    public Counter(String canteenId, Clock clock) {
        this.canteenId = Objects.requireNonNull(canteenId, "canteenId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = clock.getZone();
    }

    /** The site's zone, in which days and windows are reckoned. */
    public ZoneId zone() {
        return zone;
    }

    /** The member the input names, resolved through the roster for a Wiegand credential; null when none. */
    public static String memberOf(CounterInput in, Roster roster) {
        if (in.card() != null) {
            return roster.memberForCard(in.card().facility(), in.card().card()).orElse(null);
        }
        return in.memberId();
    }

    /** The local date of {@code at} in the site's zone. */
    public LocalDate dateOf(Instant at) {
        return at.atZone(zone).toLocalDate();
    }

    /**
     * Decides.
     *
     * @param state        policy, roster and claims
     * @param in           the presentation
     * @param ownMealsToday the member's subsidised meals of the day in this counter's ledger (pending or served)
     * @param offline      whether the cloud broker is unreachable right now
     */
    public LedgerEntry decide(CounterState state, CounterInput in, List<SubsidisedMeal> ownMealsToday, boolean offline) {
        String member = memberOf(in, state.roster());
        CounterEvent event = new CounterEvent(in.terminalId(), canteenId, in.method(), member,
                in.card() != null ? member != null || in.method() == VerificationMethod.FACE : in.matched(),
                in.score(), in.item(), in.receivedAt());
        List<SubsidisedMeal> meals = new ArrayList<>(ownMealsToday);
        if (member != null) {
            meals.addAll(claimsElsewhere(state.claims(), member, dateOf(in.receivedAt())));
        }
        RosterEntry entry = state.roster().entry(member).orElse(null);
        Decision decision = new EligibilityEngine(state.policy(), clock).decide(event, entry, meals);

        boolean fallback = false;
        Instant failed = lastFaceFailure.get(in.terminalId());
        if (decision.reason() == ReasonCode.FACE_NOT_MATCHED) {
            lastFaceFailure.put(in.terminalId(), in.receivedAt());
        } else if (failed != null) {
            fallback = in.method() != VerificationMethod.FACE
                    && !in.receivedAt().isAfter(failed.plus(FALLBACK_WINDOW));
            lastFaceFailure.remove(in.terminalId());
        }
        String name = state.roster().displayName(member).orElse(null);
        LedgerEntry pending = new LedgerEntry(in.eventId(), in.terminalId(), name, decision, fallback,
                state.policyVersion(), state.roster().version(), offline, LedgerEntry.Status.PENDING, null);
        // Nobody was identified: nothing to serve or cancel, the elder tries another way. Closed at once,
        // and sent, so the cloud sees failed face matches beside the fallbacks that followed them.
        if (decision.reason() == ReasonCode.FACE_NOT_MATCHED || decision.reason() == ReasonCode.METHOD_NOT_ALLOWED) {
            return pending.close(LedgerEntry.Status.CANCELLED, in.receivedAt());
        }
        return pending;
    }

    /** The cloud's claims for {@code member} on {@code date} at other canteens (this ledger knows its own). */
    List<SubsidisedMeal> claimsElsewhere(ClaimsMessage claims, String member, LocalDate date) {
        if (claims == null || !claims.date().equals(date)) {
            return List.of();
        }
        List<SubsidisedMeal> out = new ArrayList<>();
        for (ClaimsMessage.Claim c : claims.claims()) {
            if (c.member().equals(member) && !c.canteen().equals(canteenId)) {
                out.add(new SubsidisedMeal(c.member(), c.canteen(), c.window(), Instant.ofEpochMilli(c.time()),
                        c.subsidyFen(), c.method()));
            }
        }
        return out;
    }

    /** This counter's canteen. */
    public String canteenId() {
        return canteenId;
    }
}
