package org.linli.cloud.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * What the rules decided on one input, in order per rule.
 *
 * @param noise        noise events, in event-time order per space
 * @param encroachment encroachment events, in event-time order per space
 * @param deadman      offline and back events
 */
public record RuleEvents(List<NoiseEvent> noise, List<EncroachmentEvent> encroachment, List<DeadmanEvent> deadman) {

    public RuleEvents {
        noise = List.copyOf(noise);
        encroachment = List.copyOf(encroachment);
        deadman = List.copyOf(deadman);
    }

    public static RuleEvents none() {
        return new RuleEvents(List.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return noise.isEmpty() && encroachment.isEmpty() && deadman.isEmpty();
    }

    /**
     * Whether an episode or an offline spell began or ended: the state is worth saving at once, so a
     * restart neither loses nor repeats it.
     */
    public boolean changesEpisodes() {
        return noise.stream().anyMatch(e -> e instanceof NoiseEvent.EpisodeStarted || e instanceof NoiseEvent.EpisodeEnded)
                || !encroachment.isEmpty() || !deadman.isEmpty();
    }

    /** These events followed by {@code later}'s. */
    public RuleEvents plus(RuleEvents later) {
        if (later.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return later;
        }
        List<NoiseEvent> n = new ArrayList<>(noise);
        n.addAll(later.noise);
        List<EncroachmentEvent> e = new ArrayList<>(encroachment);
        e.addAll(later.encroachment);
        List<DeadmanEvent> d = new ArrayList<>(deadman);
        d.addAll(later.deadman);
        return new RuleEvents(n, e, d);
    }
}
