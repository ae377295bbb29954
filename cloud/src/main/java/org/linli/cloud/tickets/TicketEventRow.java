package org.linli.cloud.tickets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A row of {@code ticket_events}: one {@link TicketEvent} of a ticket. */
@MappedEntity("ticket_events")
public record TicketEventRow(@Id @GeneratedValue @Nullable Long id, Long ticketId, Instant at, String actor, String type,
                             @Nullable TicketStatus fromStatus, TicketStatus toStatus, @Nullable String note) {

    public static TicketEventRow of(long ticketId, TicketEvent e) {
        return new TicketEventRow(null, ticketId, e.at(), e.actor(), e.type(), e.from(), e.to(), e.note());
    }

    public TicketEvent toEvent() {
        return new TicketEvent(at, actor, type, fromStatus, toStatus, note);
    }
}
