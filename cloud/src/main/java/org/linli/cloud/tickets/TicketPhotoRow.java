package org.linli.cloud.tickets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * A row of {@code ticket_photos}: one photo of a ticket. {@code fileName} is the cloud's own name of the
 * file under the photo folder (random hex + extension), never the client's.
 */
@MappedEntity("ticket_photos")
public record TicketPhotoRow(@Id @GeneratedValue @Nullable Long id, Long ticketId, String fileName, String contentType,
                             long sizeBytes, String takenBy, Instant takenAt) {
}
