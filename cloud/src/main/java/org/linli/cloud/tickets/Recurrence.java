package org.linli.cloud.tickets;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Links a new ticket to the earlier ones of the same space and kind within the look-back (default
 * 30 days): the same dance group tomorrow is the 2nd of a series, not a new matter. The series is
 * named by its first ticket within the look-back; the count is this ticket's place in the look-back,
 * so staff read "近30天第7次 / 7th in 30 days".
 *
 * @param lookBack how far back earlier tickets count
 */
public record Recurrence(Duration lookBack) {

    /** The link of a new ticket: the series' first ticket (null when this one is the first) and the count. */
    public record Link(Long seriesId, int count) {
    }

    /**
     * Links a ticket filed at {@code filedAt} to {@code earlier} (tickets of the same space and kind;
     * others in the list are the caller's mistake and are not checked).
     */
    public Link link(List<Ticket> earlier, Instant filedAt) {
        Instant since = filedAt.minus(lookBack);
        List<Ticket> within = earlier.stream()
                .filter(t -> !t.filedAt().isBefore(since) && !t.filedAt().isAfter(filedAt))
                .sorted(Comparator.comparing(Ticket::filedAt).thenComparing(Ticket::id, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        if (within.isEmpty()) {
            return new Link(null, 1);
        }
        Ticket first = within.get(0);
        return new Link(first.seriesId() != null ? first.seriesId() : first.id(), within.size() + 1);
    }

    /** {@code 近30天第7次} for display; empty for the first. */
    public String label(int count) {
        return count <= 1 ? "" : "近" + lookBack.toDays() + "天第" + count + "次";
    }
}
