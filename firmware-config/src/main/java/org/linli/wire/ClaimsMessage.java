package org.linli.wire;

import org.linli.config.canteen.VerificationMethod;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Today's subsidised meals at every canteen, as the cloud knows them, published retained on
 * {@link Topics#CANTEEN_CLAIMS}: how a counter knows that an elder already had lunch at another
 * canteen. Offline counters cannot know; the cloud flags such double claims when they reconcile.
 *
 * @param date     the local day the claims are of
 * @param issuedAt epoch ms
 * @param claims   the day's subsidised, served meals
 */
public record ClaimsMessage(LocalDate date, long issuedAt, List<Claim> claims) {

    public ClaimsMessage {
        Objects.requireNonNull(date, "date");
        claims = List.copyOf(claims);
    }

    /** One subsidised meal: who, where, which window, when (epoch ms), how much, verified how. */
    public record Claim(String member, String canteen, String window, long time, long subsidyFen,
                        VerificationMethod method) {
        public Claim {
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(canteen, "canteen");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(method, "method");
        }
    }
}
