package org.linli.cloud.tickets;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.sse.Event;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.linli.cloud.auth.Access;
import org.linli.cloud.auth.Action;
import org.linli.cloud.auth.CurrentUser;
import org.linli.cloud.auth.StaffUser;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BufferOverflowStrategy;

import java.time.Instant;

/**
 * {@code GET /api/events}: Server-Sent Events of every rule alert and ticket change, as JSON
 * {@link LiveEvent}s with the event name set to the type: first {@code connected}, then the events from the
 * moment of connecting on. Each user gets only the events of the grids they may see
 * ({@link Access#canSeeEvent}); a role without tickets is refused (403).
 */
@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class EventsController {
    private static final int BUFFER = 256;
    private final LiveEvents live;
    private final CurrentUser currentUser;

    public EventsController(LiveEvents live, CurrentUser currentUser) {
        this.live = live;
        this.currentUser = currentUser;
    }

    @Get(uri = "/events", produces = MediaType.TEXT_EVENT_STREAM)
    Publisher<Event<LiveEvent>> events(StaffUser user) {
        currentUser.require(user, Action.VIEW_TICKETS);
        Access access = currentUser.access();
        // A first event at once, so the client sees the response (headers) before the first alert.
        LiveEvent hello = new LiveEvent("connected", null, null, Instant.now().toString(), "已连接 connected", null, null,
                null, null);
        // Each subscriber's own bounded buffer: the hub drops an event for a subscriber without demand at that
        // instant (the HTTP writer asks for one event at a time), so without it an alert that comes while the
        // previous event is being written would be lost; beyond 256 waiting events the oldest go.
        return live.stream().filter(e -> access.canSeeEvent(user, e.grid()))
                .onBackpressureBuffer(BUFFER, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST)
                .map(e -> Event.of(e).name(e.type()))
                .startWith(Event.of(hello).name(hello.type()));
    }
}
