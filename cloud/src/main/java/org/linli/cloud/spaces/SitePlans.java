package org.linli.cloud.spaces;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.linli.cloud.audit.AuditEntry;
import org.linli.cloud.audit.AuditRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The site plan and the spaces' places on it: the image file under {@code <linli.data-dir>/site-plan}, its
 * facts and the positions in SQL, every change in the audit log ({@code site-plan.upload},
 * {@code space.place}, {@code space.unplace}).
 */
@Singleton
public class SitePlans {
    private static final Logger LOG = LoggerFactory.getLogger(SitePlans.class);

    private final SitePlanRepository plans;
    private final SpacePositionRepository positions;
    private final AuditRepository audit;
    private final Clock clock;
    private final Path dir;

    public SitePlans(SitePlanRepository plans, SpacePositionRepository positions, AuditRepository audit, Clock clock,
                     @Value("${linli.data-dir:./data}") String dataDir) {
        this.plans = plans;
        this.positions = positions;
        this.audit = audit;
        this.clock = clock;
        this.dir = Path.of(dataDir, "site-plan");
    }

    /** The current plan's facts, if one was uploaded (and its file is still there). */
    public Optional<SitePlanRow> current() {
        return plans.findById(SitePlanRow.CURRENT).filter(p -> Files.isRegularFile(file()));
    }

    /** The current plan's bytes. */
    public Optional<byte[]> image() {
        if (current().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file()));
        } catch (IOException e) {
            LOG.warn("the site plan {} cannot be read: {}", file(), e.toString());
            return Optional.empty();
        }
    }

    /** Replaces the plan by {@code image} (already checked: {@link PlanImage#of}); the spaces keep their places. */
    public SitePlanRow upload(byte[] bytes, PlanImage image, String actor) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "upload-", ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the site plan cannot be stored under " + dir, e);
        }
        SitePlanRow row = new SitePlanRow(SitePlanRow.CURRENT, image.contentType(), image.width(), image.height(), bytes.length,
                sha256(bytes), clock.instant(), actor);
        if (plans.existsById(SitePlanRow.CURRENT)) {
            plans.update(row);
        } else {
            plans.save(row);
        }
        audit.save(AuditEntry.of(row.uploadedAt(), actor, "site-plan.upload", null,
                image.contentType() + " " + image.width() + "x" + image.height() + " " + bytes.length + " bytes sha256 " + row.sha256()));
        LOG.info("{} uploaded a site plan: {} {}x{}, {} bytes", actor, image.contentType(), image.width(), image.height(), bytes.length);
        return row;
    }

    /** Every placed space's position, by space id. */
    public Map<String, SpacePositionRow> positions() {
        Map<String, SpacePositionRow> out = new LinkedHashMap<>();
        positions.findAll().forEach(p -> out.put(p.space(), p));
        return out;
    }

    /** Places {@code space} (known to the site: the caller checks); null for a pair it does not set. */
    public SpacePositionRow place(String space, @Nullable Double x, @Nullable Double y, @Nullable Double lat,
                                  @Nullable Double lon, String actor) {
        SpacePositionRow row = new SpacePositionRow(space, x, y, lat, lon, clock.instant(), actor);
        if (positions.existsById(space)) {
            positions.update(row);
        } else {
            positions.save(row);
        }
        audit.save(AuditEntry.of(row.updatedAt(), actor, "space.place", space,
                "x=" + x + " y=" + y + (lat == null ? "" : " lat=" + lat + " lon=" + lon)));
        return row;
    }

    /** Takes {@code space} off the map; whether it was on it. */
    public boolean unplace(String space, String actor) {
        if (!positions.existsById(space)) {
            return false;
        }
        positions.deleteById(space);
        audit.save(AuditEntry.of(clock.instant(), actor, "space.unplace", space, null));
        return true;
    }

    private Path file() {
        return dir.resolve("plan");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
