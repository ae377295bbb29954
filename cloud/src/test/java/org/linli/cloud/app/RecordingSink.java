package org.linli.cloud.app;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.linli.cloud.rules.DeadmanEvent;
import org.linli.cloud.rules.EncroachmentEvent;
import org.linli.cloud.rules.NoiseEvent;
import org.linli.cloud.rules.RuleEventSink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A rule event sink for the ITs that enable it ({@code linli.test.recording-sink=true}): keeps every
 * event in a static list, so that it outlives a restart of the application context.
 */
@Singleton
@Requires(property = "linli.test.recording-sink", value = "true")
public class RecordingSink implements RuleEventSink {
    static final List<Object> EVENTS = new CopyOnWriteArrayList<>();

    @Override
    public void noise(NoiseEvent event) {
        EVENTS.add(event);
    }

    @Override
    public void encroachment(EncroachmentEvent event) {
        EVENTS.add(event);
    }

    @Override
    public void deadman(DeadmanEvent event) {
        EVENTS.add(event);
    }

    static <T> List<T> of(Class<T> type) {
        return EVENTS.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
