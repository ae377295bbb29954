package org.linli.gateway.counter;

import org.linli.wire.MealRecord;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;

/**
 * A decision as the ledger holds it: the engine's {@link Decision}, what the counter showed, and what
 * the staff did with it.
 *
 * @param eventId          the ledger key
 * @param terminalId       the terminal
 * @param displayName      the masked name shown, or null when nobody was recognised
 * @param decision         the engine's decision
 * @param faceFailedBefore a failed face match at this terminal shortly before (an anomaly the cloud reviews)
 * @param policyVersion    the policy version decided with (0: the gateway's preset)
 * @param rosterVersion    the roster version decided with (0: none)
 * @param offline          decided while the cloud broker was not connected
 * @param status           pending until the staff confirm or cancel
 * @param closedAt         when it was closed, or null while pending
 */
public record LedgerEntry(String eventId, String terminalId, String displayName, Decision decision,
                          boolean faceFailedBefore, long policyVersion, long rosterVersion, boolean offline,
                          Status status, Instant closedAt) {

    /** What became of a decision. */
    public enum Status {
        /** Shown, waiting for the staff. */
        PENDING,
        /** The meal was handed over. */
        SERVED,
        /** Not served: no meal, no subsidy. */
        CANCELLED
    }

    public LedgerEntry {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(terminalId, "terminalId");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(status, "status");
        if ((status == Status.PENDING) != (closedAt == null)) {
            throw new IllegalArgumentException("closedAt is set exactly when the entry is closed");
        }
    }

    /** The same entry, closed. */
    public LedgerEntry close(Status to, Instant at) {
        if (to == Status.PENDING) {
            throw new IllegalArgumentException("close to SERVED or CANCELLED");
        }
        return new LedgerEntry(eventId, terminalId, displayName, decision, faceFailedBefore, policyVersion,
                rosterVersion, offline, to, at);
    }

    /** Whether this is a subsidised meal that counts against the member's window and day. */
    public boolean countsAsMeal() {
        return decision.eligible() && status != Status.CANCELLED;
    }

    /** The reason as the wire writes it: lower case with hyphens, e.g. {@code already-had-meal}. */
    public static String reasonCode(ReasonCode reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The record sent to the cloud; only for a closed entry. */
    public MealRecord toRecord(ZoneId zone) {
        if (status == Status.PENDING) {
            throw new IllegalStateException("a pending decision is not sent");
        }
        Decision d = decision;
        return new MealRecord(eventId, d.canteenId(), terminalId, d.memberId(), d.method(), faceFailedBefore,
                d.window(), d.at().atZone(zone).toLocalDate(), d.at().toEpochMilli(), d.eligible(),
                reasonCode(d.reason()), d.tier(), d.priceFen(), d.subsidyFen(), d.payFen(),
                status == Status.SERVED ? MealRecord.MealStatus.SERVED : MealRecord.MealStatus.CANCELLED,
                closedAt.toEpochMilli(), policyVersion, rosterVersion, offline);
    }
}
