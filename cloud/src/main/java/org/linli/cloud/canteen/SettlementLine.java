package org.linli.cloud.canteen;

import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * One subsidised, served meal as the settlement lists it. Pseudonymous plus the masked name: the
 * full name never leaves the roster.
 *
 * @param eventId     the counter's event id
 * @param date        the meal's local date
 * @param time        when the meal was decided, local time
 * @param member      pseudonymous member id
 * @param displayName masked name (张*华), or {@code ?} when the member is no longer in the roster
 * @param window      meal window, e.g. {@code lunch}
 * @param tier        subsidy tier, or null
 * @param subsidyFen  subsidy claimed
 * @param payFen      what the elder paid
 * @param method      how the elder was verified: face, card, id, pin
 * @param offline     decided while the counter could not reach the cloud
 */
public record SettlementLine(String eventId, LocalDate date, LocalDateTime time, String member, String displayName,
                             String window, String tier, long subsidyFen, long payFen, String method, boolean offline) {
}
