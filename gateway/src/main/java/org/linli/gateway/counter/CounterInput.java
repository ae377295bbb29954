package org.linli.gateway.counter;

import org.linli.config.canteen.VerificationMethod;

import java.time.Instant;
import java.util.Objects;

/**
 * One presentation at the counter, from whichever terminal, before it is decided.
 *
 * @param eventId    the ledger key: the terminal's event id, or one the gateway made (Wiegand)
 * @param terminalId the terminal
 * @param method     how the elder was identified
 * @param memberId   the member a network terminal named; null when it named none or for Wiegand
 * @param card       the Wiegand credential, or null
 * @param matched    the terminal's verdict
 * @param score      the face match score 0-100
 * @param item       a priced item instead of the set meal, or null
 * @param receivedAt when the gateway received it (its clock, not the terminal's)
 */
public record CounterInput(String eventId, String terminalId, VerificationMethod method, String memberId, Credential card,
                           boolean matched, int score, String item, Instant receivedAt) {

    public CounterInput {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(terminalId, "terminalId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** A network terminal's event. */
    public static CounterInput network(org.linli.wire.TerminalEvent e, Instant receivedAt) {
        return new CounterInput(e.eventId(), e.terminal(), e.method(), e.member(), null, e.matched(), e.score(),
                e.item(), receivedAt);
    }

    /**
     * A Wiegand frame. A face terminal sends the credential only after a match on the device, so a
     * frame with method {@code FACE} counts as matched with score 100.
     */
    public static CounterInput wiegand(String eventId, String terminalId, VerificationMethod method, long facility,
                                       long card, Instant receivedAt) {
        return new CounterInput(eventId, terminalId, method, null, new Credential(facility, card), true,
                method == VerificationMethod.FACE ? 100 : 0, null, receivedAt);
    }

    /** A Wiegand credential: facility code and card number, as the roster's {@code facility:card}. */
    public record Credential(long facility, long card) {
        @Override
        public String toString() {
            return facility + ":" + card;
        }
    }
}
