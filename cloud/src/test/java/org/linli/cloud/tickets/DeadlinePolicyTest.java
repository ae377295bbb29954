package org.linli.cloud.tickets;

import org.junit.jupiter.api.Test;
import org.linli.config.SpaceKind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DeadlinePolicyTest {

    @Test
    void shouldUseTheDomainDefaults() {
        DeadlinePolicy p = DeadlinePolicy.defaults();
        assertEquals("13d", p.limits(TicketKind.RESIDENT_REPORT, SpaceKind.PLAZA).resolve().text());
        assertEquals("2h", p.limits(TicketKind.NOISE, SpaceKind.PLAZA).accept().text());
        assertEquals("same-day", p.limits(TicketKind.ENCROACHMENT, SpaceKind.FIRE_LANE).resolve().text());
        assertEquals("3d", p.limits(TicketKind.ENCROACHMENT, SpaceKind.GREEN_SPACE).resolve().text());
        assertEquals("1d", p.callback().text());
    }

    @Test
    void shouldReadSettingsKeys() {
        assertEquals("NOISE", DeadlinePolicy.parseKey("noise"));
        assertEquals("RESIDENT_REPORT", DeadlinePolicy.parseKey("resident-report"));
        assertEquals("ENCROACHMENT/FIRE_LANE", DeadlinePolicy.parseKey("encroachment-fire-lane"));
        assertEquals("DEVICE_OFFLINE", DeadlinePolicy.parseKey("DEVICE_OFFLINE"));
        assertThrows(IllegalArgumentException.class, () -> DeadlinePolicy.parseKey("parking"));
        assertThrows(IllegalArgumentException.class, () -> DeadlinePolicy.parseKey("noise-moon"));
    }
}
