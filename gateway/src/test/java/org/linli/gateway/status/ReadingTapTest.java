package org.linli.gateway.status;

import org.junit.jupiter.api.Test;
import org.linli.wire.Reading;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReadingTapTest {
    private static final Reading PIR = Reading.of("pir-1", 1_763_800_000_000L, "occupied", 1, "bool");

    @Test
    void shouldHandEveryReadingToTheUplinkAndTheListeners() {
        List<Reading> uplink = new ArrayList<>();
        List<Reading> page = new ArrayList<>();
        ReadingTap tap = ReadingTap.consuming(uplink::add);
        tap.listen(page::add);

        tap.accept(PIR);

        assertEquals(List.of(PIR), uplink);
        assertEquals(List.of(PIR), page);
    }

    @Test
    void shouldStillFeedTheUplinkWhenAListenerFails() {
        List<Reading> uplink = new ArrayList<>();
        List<Reading> page = new ArrayList<>();
        ReadingTap tap = ReadingTap.consuming(uplink::add);
        tap.listen(r -> {
            throw new IllegalStateException("boom");
        });
        tap.listen(page::add);

        tap.accept(PIR);

        assertEquals(List.of(PIR), uplink);
        assertEquals(List.of(PIR), page);
    }

    @Test
    void shouldStopNotifyingARemovedListener() {
        List<Reading> page = new ArrayList<>();
        ReadingTap tap = ReadingTap.consuming(r -> { });
        tap.listen(page::add).run();

        tap.accept(PIR);

        assertEquals(List.of(), page);
    }
}
