package org.linli.cloud.tickets;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.sse.Event;
import org.reactivestreams.Publisher;

import java.time.Instant;

/**
 * {@code GET /api/events}: Server-Sent Events of every rule alert and ticket change, as JSON
 * {@link LiveEvent}s with the event name set to the type: first {@code connected}, then the events from the
 * moment of connecting on.
 */
@Controller("/api")
public class EventsController {
    private final LiveEvents live;

    public EventsController(LiveEvents live) {
        this.live = live;
    }

    @Get(uri = "/events", produces = MediaType.TEXT_EVENT_STREAM)
    Publisher<Event<LiveEvent>> events() {
        // A first event at once, so the client sees the response (headers) before the first alert.
        LiveEvent hello = new LiveEvent("connected", null, null, Instant.now().toString(), "已连接 connected", null, null,
                null, null);
        return live.stream().map(e -> Event.of(e).name(e.type())).startWith(Event.of(hello).name(hello.type()));
    }
}
