package org.linli.cloud.rules;

/**
 * Receives what the rules decide: grid tickets open and close on it, the live event stream shows it.
 * Every Micronaut bean of this type receives every event, in event-time order per space.
 *
 * <p>Delivery is at least once: after a restart the rules resume from their last saved state and
 * may repeat an event decided just before the crash. So a sink must be idempotent on the event's
 * identity: a noise episode is (space, {@code start}), an encroachment is (space, {@code since}), an
 * offline spell is (sensor or gateway, {@code at}). Called on the ingest's thread: hand slow work
 * (SQL, HTTP) to an executor or keep it short; an exception is logged and does not stop the rules.
 *
 * <p>The site the events are about is the one the cloud serves ({@code linli.site-file}); the space
 * and sensor ids are looked up there for the grid and grid worker.
 */
public interface RuleEventSink {

    /** A noise episode started, reached a new peak, ended, or a night impulse was heard. */
    default void noise(NoiseEvent event) {
    }

    /** An encroachment started or ended. */
    default void encroachment(EncroachmentEvent event) {
    }

    /** A sensor or gateway went offline or came back. */
    default void deadman(DeadmanEvent event) {
    }
}
