package org.linli.cloud.tickets;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.linli.cloud.auth.SafePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The photos of tickets: files under the photo folder, named by the cloud (32 random hex digits and the
 * sniffed type's extension, so nothing from the client ever reaches a path), a {@code ticket_photos} row and a
 * {@code photo} event in the ticket's history (who, when, {@code 照片 #<id>}).
 */
@Singleton
public class TicketPhotos {
    private static final Logger LOG = LoggerFactory.getLogger(TicketPhotos.class);
    /** The type of the history event a photo adds. */
    public static final String EVENT = "photo";

    private final TicketPhotoRepository photos;
    private final TicketEventRepository events;
    private final Path dir;
    private final long maxBytes;
    private final SecureRandom random = new SecureRandom();

    public TicketPhotos(TicketPhotoRepository photos, TicketEventRepository events, PhotoSettings settings,
                        @Value("${linli.data-dir:./data}") String dataDir) {
        this.photos = photos;
        this.events = events;
        this.dir = Path.of(settings.dir() == null || settings.dir().isBlank() ? dataDir + "/ticket-photos" : settings.dir())
                .toAbsolutePath().normalize();
        this.maxBytes = settings.maxBytes();
    }

    /** The largest photo accepted, in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /** A stored photo with the history event it added. */
    public record Added(TicketPhotoRow photo, TicketEvent event) {
    }

    /**
     * Stores a checked photo of ticket {@code t}: the file first (written beside, then moved into place), then
     * the row and the history event in one transaction. If the database refuses, the file is deleted again.
     */
    @Transactional
    public Added add(Ticket t, byte[] bytes, ImageType type, String actor, String caption, Instant now) throws IOException {
        Files.createDirectories(dir);
        String name = HexFormat.of().formatHex(randomBytes()) + "." + type.extension();
        Path file = SafePaths.resolve(dir, name).orElseThrow();
        Path temp = Files.createTempFile(dir, ".upload-", ".tmp");
        try {
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            TicketPhotoRow row = photos.save(new TicketPhotoRow(null, t.id(), name, type.contentType(), bytes.length, actor, now));
            TicketEvent e = TicketEvent.about(t, now, actor, EVENT, "照片 #" + row.id() + (caption == null ? "" : " " + caption));
            events.save(TicketEventRow.of(t.id(), e));
            LOG.info("ticket #{}: photo #{} ({}, {} bytes) by {}", t.id(), row.id(), type, bytes.length, actor);
            return new Added(row, e);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** The photos of ticket {@code ticketId}, oldest first. */
    public List<TicketPhotoRow> list(long ticketId) {
        return photos.findByTicketIdOrderById(ticketId);
    }

    /** Photo {@code photoId} of ticket {@code ticketId} with its file; empty when either is missing. */
    public Optional<Stored> find(long ticketId, long photoId) {
        return photos.findByIdAndTicketId(photoId, ticketId)
                .flatMap(row -> SafePaths.resolve(dir, row.fileName()).filter(Files::isRegularFile).map(f -> new Stored(row, f)));
    }

    /** A photo's row and its file. */
    public record Stored(TicketPhotoRow row, Path file) {
    }

    private byte[] randomBytes() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }
}
