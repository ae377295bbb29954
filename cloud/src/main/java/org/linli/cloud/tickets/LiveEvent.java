package org.linli.cloud.tickets;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One element of the live stream ({@code GET /api/events}): an alert the rules decided or a change of
 * a ticket.
 *
 * @param type     {@code noise-started}, {@code noise-updated}, {@code noise-ended}, {@code night-impulse},
 *                 {@code encroachment-started}, {@code encroachment-ended}, {@code sensor-offline},
 *                 {@code sensor-back}, {@code gateway-offline}, {@code gateway-back}; {@code ticket-opened},
 *                 {@code ticket-changed}, {@code ticket-escalated}, {@code ticket-event}
 * @param space    the space, null for a gateway
 * @param grid     the space's grid, null when unknown
 * @param time     event time, ISO-8601
 * @param summary  one line for staff, zh-CN
 * @param ticketId the ticket of a ticket event
 * @param status   the ticket's status after the change
 * @param level    the ticket's holder level
 * @param assignee the ticket's holder
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LiveEvent(String type, @Nullable String space, @Nullable String grid, String time, String summary,
                        @Nullable Long ticketId, @Nullable String status, @Nullable String level,
                        @Nullable String assignee) {
}
