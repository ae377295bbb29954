package org.linli.cloud.audit;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * One line of the audit log: who did what to personal or money data, and when.
 *
 * @param id      assigned by the database
 * @param at      when
 * @param actor   the user name, or {@code system} for the service itself
 * @param action  what, e.g. {@code roster.view}, {@code roster.import}, {@code settlement.export}
 * @param subject what it was done to, e.g. a canteen id; null when it concerns everything
 * @param detail  free text for the reviewer, e.g. how many rows; null for none
 */
@MappedEntity("audit_log")
public record AuditEntry(@Id @GeneratedValue @Nullable Long id, Instant at, String actor, String action,
                         @Nullable String subject, @Nullable String detail) {

    /** A new entry, not yet saved. */
    public static AuditEntry of(Instant at, String actor, String action, String subject, String detail) {
        return new AuditEntry(null, at, actor, action, subject, detail);
    }
}
