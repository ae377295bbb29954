package org.linli.gateway.counter;

import org.linli.config.canteen.VerificationMethod;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The counter's answer for one event: whether the meal is subsidised, by how much, what the elder
 * pays, and why, in words for the display (zh-CN) and the log (English). Amounts are whole fen.
 *
 * @param eligible     true exactly when {@code reason} is {@link ReasonCode#OK}
 * @param reason       why
 * @param memberId     the member, or null when nobody was recognised
 * @param canteenId    the canteen
 * @param method       how the member was verified
 * @param window       the meal window's name, or null outside every window
 * @param tier         the applied tier's code (e.g. {@code age-60}, {@code dibao-60}), or null
 * @param priceFen     the meal's price (0 outside a window when no priced item was named)
 * @param subsidyFen   the subsidy granted, 0 unless eligible
 * @param payFen       what the elder pays: {@code priceFen - subsidyFen}
 * @param alternatives the methods to offer instead (after a failed face check), else empty
 * @param at           when the meal was served
 * @param zh           the reason for the counter display, e.g. 本时段已用餐（11:52）
 * @param en           the reason in English, e.g. already had lunch at 11:52
 */
public record Decision(boolean eligible, ReasonCode reason, String memberId, String canteenId,
                       VerificationMethod method, String window, String tier, long priceFen, long subsidyFen,
                       long payFen, List<VerificationMethod> alternatives, Instant at, String zh, String en) {

    public Decision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        alternatives = List.copyOf(alternatives);
        if (eligible != (reason == ReasonCode.OK)) {
            throw new IllegalArgumentException("eligible must be true exactly for OK, got " + reason);
        }
        if (subsidyFen < 0 || subsidyFen > priceFen || payFen != priceFen - subsidyFen || (!eligible && subsidyFen != 0)) {
            throw new IllegalArgumentException("inconsistent amounts: price " + priceFen + ", subsidy " + subsidyFen
                    + ", pay " + payFen);
        }
    }

    /** The meal to record in the ledger when eligible; nothing otherwise. */
    public Optional<SubsidisedMeal> meal() {
        return eligible ? Optional.of(new SubsidisedMeal(memberId, canteenId, window, at, subsidyFen, method))
                : Optional.empty();
    }
}
