package org.linli.wire;

import org.linli.config.canteen.VerificationMethod;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One decision at a canteen counter and what became of it, as the gateway's ledger sends it to the
 * cloud. Identified by {@code eventId}: the cloud stores a record once however often it arrives.
 * Pseudonymous: a member id, never a name or face data. Amounts in whole fen.
 *
 * @param eventId          unique per decision, made by the gateway (or the terminal's own event id)
 * @param canteen          the canteen
 * @param terminal         the terminal the elder used
 * @param member           the member, or null when nobody was recognised
 * @param method           how the member was verified
 * @param faceFailedBefore a failed face match at this terminal shortly before (an anomaly to review)
 * @param window           the meal window, or null outside every window
 * @param date             the local date of the meal in the site's zone
 * @param decidedAt        epoch ms of the decision
 * @param eligible         whether the meal was subsidised
 * @param reason           the decision's reason code, e.g. {@code ok}, {@code already-served-in-window}
 * @param tier             the tier applied, or null
 * @param priceFen         the meal's price
 * @param subsidyFen       the subsidy granted (0 unless eligible)
 * @param payFen           what the elder paid
 * @param status           served or cancelled by the counter staff
 * @param closedAt         epoch ms when the staff confirmed or cancelled
 * @param policyVersion    the policy version the decision used (0: the gateway's built-in preset)
 * @param rosterVersion    the roster version the decision used
 * @param offline          decided while the gateway could not reach the cloud
 */
public record MealRecord(String eventId, String canteen, String terminal, String member, VerificationMethod method,
                         boolean faceFailedBefore, String window, LocalDate date, long decidedAt, boolean eligible,
                         String reason, String tier, long priceFen, long subsidyFen, long payFen, MealStatus status,
                         long closedAt, long policyVersion, long rosterVersion, boolean offline) {

    public MealRecord {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(canteen, "canteen");
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(status, "status");
        if (priceFen < 0 || subsidyFen < 0 || subsidyFen > priceFen || payFen != priceFen - subsidyFen
                || (!eligible && subsidyFen != 0)) {
            throw new IllegalArgumentException("inconsistent amounts: price " + priceFen + ", subsidy " + subsidyFen
                    + ", pay " + payFen + ", eligible " + eligible);
        }
    }

    /** Whether this record is a subsidised meal that was served: a line of the settlement. */
    public boolean subsidisedAndServed() {
        return status == MealStatus.SERVED && subsidyFen > 0;
    }

    /** What the counter staff did with a decision. */
    public enum MealStatus {
        /** The meal was handed over. */
        SERVED,
        /** The meal was not served (the elder left, a mistake): no subsidy is claimed. */
        CANCELLED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
