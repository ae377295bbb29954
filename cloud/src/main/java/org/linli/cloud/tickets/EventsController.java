package org.linli.cloud.tickets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.sse.Event;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.linli.cloud.auth.Access;
import org.linli.cloud.auth.Action;
import org.linli.cloud.auth.CurrentUser;
import org.linli.cloud.auth.StaffUser;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;

import java.time.Instant;

/**
 * {@code GET /api/events}: Server-Sent Events of every rule alert and ticket change, as JSON
 * {@link LiveEvent}s with the event name set to the type and an id on each: first {@code connected}, then (with a
 * {@code Last-Event-ID} header, which the browser's {@code EventSource} sends when it reconnects) the events the
 * client missed, then the events from the moment of connecting on; {@code replay-gap} after {@code connected}
 * when some missed events are no longer kept ({@link LiveEvents#KEEP}). Each user gets only the events of the
 * grids they may see ({@link Access#canSeeEvent}), replayed ones included; a role without tickets is refused (403).
 */
@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class EventsController {
    /** Per subscriber: a whole replay (the ring) and 256 live events beyond it. */
    private static final int BUFFER = LiveEvents.KEEP + 256;
    private final LiveEvents live;
    private final CurrentUser currentUser;

    public EventsController(LiveEvents live, CurrentUser currentUser) {
        this.live = live;
        this.currentUser = currentUser;
    }

    @Get(uri = "/events", produces = MediaType.TEXT_EVENT_STREAM)
    Publisher<Event<LiveEvent>> events(StaffUser user, @Nullable @Header("Last-Event-ID") String lastEventId) {
        currentUser.require(user, Action.VIEW_TICKETS);
        Access access = currentUser.access();
        LiveEvents.Subscription s = live.subscribe(lastEventId);
        // A first event at once, so the client sees the response (headers) before the first alert. It has no id,
        // so the browser keeps the last one it saw for the next reconnect.
        LiveEvent hello = new LiveEvent("connected", null, null, Instant.now().toString(), "已连接 connected", null, null,
                null, null);
        Flux<Event<LiveEvent>> first = Flux.just(Event.of(hello).name(hello.type()));
        if (s.gap()) {
            // Some of what the client missed is no longer kept: it reloads its lists instead.
            LiveEvent gap = new LiveEvent("replay-gap", null, null, Instant.now().toString(),
                    "部分事件已无法补发，请刷新 some events could not be replayed", null, null, null, null);
            first = first.concatWithValues(Event.of(gap).name(gap.type()));
        }
        // Each subscriber's own bounded buffer: the HTTP writer asks for one event at a time, and a stuck client must
        // not hold the sink's history for ever; it holds a whole replay and 256 more, beyond that the oldest go.
        return first.concatWith(s.events().filter(e -> access.canSeeEvent(user, e.event().grid()))
                .onBackpressureBuffer(BUFFER, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST)
                .map(e -> Event.of(e.event()).name(e.event().type()).id(e.id())));
    }
}
