package org.linli.cloud.tickets;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.linli.cloud.tickets.Fixtures.at;
import static org.linli.cloud.tickets.Fixtures.filed;

class RecurrenceTest {
    private static final Recurrence RECURRENCE = new Recurrence(Duration.ofDays(30));

    @Test
    void shouldStartASeriesWithTheFirstTicket() {
        assertEquals(new Recurrence.Link(null, 1), RECURRENCE.link(List.of(), at("2026-11-23T19:35")));
    }

    @Test
    void shouldLinkTheSeventhEveningToTheFirst() {
        List<Ticket> earlier = new ArrayList<>();
        Instant first = at("2026-11-01T19:35");
        for (int i = 0; i < 6; i++) {
            Ticket.Builder b = filed(100 + i, first.plus(Duration.ofDays(i))).toBuilder();
            b.seriesId = i == 0 ? null : 100L;
            b.seriesCount = i + 1;
            earlier.add(b.build());
        }
        Recurrence.Link link = RECURRENCE.link(earlier, at("2026-11-07T19:40"));
        assertEquals(new Recurrence.Link(100L, 7), link);
        assertEquals("近30天第7次", RECURRENCE.label(link.count()));
    }

    @Test
    void shouldForgetTicketsOlderThanTheLookBack() {
        List<Ticket> earlier = List.of(filed(1, at("2026-10-01T19:35")), filed(2, at("2026-11-20T19:35")));
        assertEquals(new Recurrence.Link(2L, 2), RECURRENCE.link(earlier, at("2026-11-23T19:35")));
    }

    @Test
    void shouldShowNoLabelForTheFirst() {
        assertEquals("", RECURRENCE.label(1));
    }
}
