package org.linli.cloud.tickets;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import org.linli.cloud.auth.Action;
import org.linli.cloud.auth.CurrentUser;
import org.linli.cloud.auth.StaffUser;
import org.linli.cloud.auth.WebCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Photos of a ticket's scene, taken on a phone: {@code POST /api/tickets/{id}/photos} (multipart, part
 * {@code photo}, optional part {@code note}) for whoever may work the ticket (its grid's worker, a head above,
 * the admin); {@code GET /api/tickets/{id}/photos} and {@code GET /api/tickets/{id}/photos/{photoId}} for whoever
 * may see it. Another grid's ticket is 403, as for every ticket API. The type is sniffed from the bytes (JPEG,
 * PNG, WebP; anything else 415), the size bounded by {@code linli.photos.max-bytes} (413); both refusals are
 * counted in {@code /api/auth/stats} ({@code photo-not-image}, {@code photo-too-large}).
 */
@Controller("/api/tickets")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class PhotoController {
    private static final Logger LOG = LoggerFactory.getLogger(PhotoController.class);

    private final TicketService service;
    private final TicketPhotos photos;
    private final LiveEvents live;
    private final CurrentUser currentUser;
    private final WebCounters counters;
    private final Actors actors;

    public PhotoController(TicketService service, TicketPhotos photos, LiveEvents live, CurrentUser currentUser,
                           WebCounters counters, Actors actors) {
        this.service = service;
        this.photos = photos;
        this.live = live;
        this.currentUser = currentUser;
        this.counters = counters;
        this.actors = actors;
    }

    /** One photo as the API lists it; {@code url} serves the image. */
    @Serdeable
    record PhotoView(long id, long ticketId, String url, String contentType, long sizeBytes, String takenBy, String takenAt) {
        static PhotoView of(TicketPhotoRow r) {
            return new PhotoView(r.id(), r.ticketId(), "/api/tickets/" + r.ticketId() + "/photos/" + r.id(), r.contentType(),
                    r.sizeBytes(), r.takenBy(), DateTimeFormatter.ISO_INSTANT.format(r.takenAt()));
        }
    }

    @Post(uri = "/{id}/photos", consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> upload(StaffUser user, @PathVariable long id, @Part("photo") CompletedFileUpload photo,
                           @Nullable @Part("note") String note) throws IOException {
        Ticket t = visible(user, id);
        currentUser.requireGrid(user, Action.WORK_TICKETS, t.grid());
        if (photo.getSize() > photos.maxBytes()) {
            counters.refused("photo-too-large");
            LOG.warn("ticket #{}: photo of {} bytes by {} refused: over {} bytes", id, photo.getSize(), user.username(),
                    photos.maxBytes());
            return HttpResponse.status(HttpStatus.REQUEST_ENTITY_TOO_LARGE).body(new TicketViews.ErrorView(
                    "photo too large: " + photo.getSize() + " bytes, at most " + photos.maxBytes() + " (照片过大)"));
        }
        byte[] bytes = photo.getBytes();
        var type = ImageType.sniff(bytes);
        if (type.isEmpty()) {
            counters.refused("photo-not-image");
            LOG.warn("ticket #{}: upload by {} refused: not a JPEG, PNG or WebP image (declared {})", id, user.username(),
                    photo.getContentType().map(MediaType::toString).orElse("nothing"));
            return HttpResponse.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(new TicketViews.ErrorView(
                    "not a photo: only JPEG, PNG or WebP images are accepted (只接受 JPEG、PNG、WebP 图片)"));
        }
        String caption = note == null || note.isBlank() ? null : note.strip();
        if (caption != null && caption.length() > 500) {
            caption = caption.substring(0, 500);
        }
        TicketPhotos.Added added = photos.add(t, bytes, type.get(), actors.actor(user), caption, service.now());
        live.ticket("ticket-event", t, added.event());
        return HttpResponse.created(PhotoView.of(added.photo()));
    }

    @Get(uri = "/{id}/photos", produces = MediaType.APPLICATION_JSON)
    List<PhotoView> list(StaffUser user, @PathVariable long id) {
        visible(user, id);
        return photos.list(id).stream().map(PhotoView::of).toList();
    }

    @Get(uri = "/{id}/photos/{photoId}")
    HttpResponse<?> photo(StaffUser user, @PathVariable long id, @PathVariable long photoId) {
        visible(user, id);
        TicketPhotos.Stored s = photos.find(id, photoId)
                .orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND, "no photo " + photoId + " of ticket " + id));
        try (InputStream in = Files.newInputStream(s.file())) {
            return HttpResponse.ok(in.readAllBytes()).contentType(s.row().contentType())
                    .header("Cache-Control", "private, max-age=86400")
                    .header("Content-Disposition", "inline; filename=\"ticket-" + id + "-photo-" + photoId + "."
                            + ImageType.ofContentType(s.row().contentType()).map(ImageType::extension).orElse("bin") + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ticket if the user may see its grid: 404 when there is none, 403 when it is another grid's. */
    private Ticket visible(StaffUser user, long id) {
        Ticket t = service.find(id).orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND, "no ticket " + id));
        currentUser.requireGrid(user, Action.VIEW_TICKETS, t.grid());
        return t;
    }
}
