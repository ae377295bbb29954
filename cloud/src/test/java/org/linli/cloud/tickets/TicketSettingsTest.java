package org.linli.cloud.tickets;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.linli.config.SpaceKind;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The calendar and time limits come from {@code linli.tickets.*}; a bad value stops start-up naming
 * its key. The app runs on the test environment's in-memory H2; no broker or InfluxDB is needed.
 */
class TicketSettingsTest {

    private static Map<String, Object> props() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", Path.of(TicketSettingsTest.class.getResource("/site.yaml").toURI()).toString());
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-ticket-settings-test");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("micronaut.server.port", -1);
        return props;
    }

    @Test
    void shouldReadTheCalendarAndTimeLimitsFromTheSettings() throws Exception {
        Map<String, Object> props = props();
        props.put("linli.tickets.work-periods", List.of("09:00-12:00", "14:00-18:00"));
        props.put("linli.tickets.holidays", List.of("2026-10-01", "2026-10-02"));
        props.put("linli.tickets.make-up-days", List.of("2026-10-10"));
        props.put("linli.tickets.accept.noise", "30m");
        props.put("linli.tickets.resolve.encroachment-green-space", "same-day");
        props.put("linli.tickets.callback", "2d");
        try (ApplicationContext ctx = ApplicationContext.run(props)) {
            WorkCalendar cal = ctx.getBean(WorkCalendar.class);
            assertEquals(ZoneId.of("Asia/Shanghai"), cal.zone());
            assertFalse(cal.isWorkingDay(LocalDate.of(2026, 10, 1)));
            assertTrue(cal.isWorkingDay(LocalDate.of(2026, 10, 10)));
            assertEquals(LocalDateTime.parse("2026-11-23T14:30").atZone(cal.zone()).toInstant(),
                    cal.plusWorkingTime(LocalDateTime.parse("2026-11-23T11:30").atZone(cal.zone()).toInstant(),
                            java.time.Duration.ofHours(1)));
            DeadlinePolicy p = ctx.getBean(DeadlinePolicy.class);
            assertEquals("30m", p.limits(TicketKind.NOISE, SpaceKind.PLAZA).accept().text());
            assertEquals("3d", p.limits(TicketKind.NOISE, SpaceKind.PLAZA).resolve().text());
            assertEquals("same-day", p.limits(TicketKind.ENCROACHMENT, SpaceKind.GREEN_SPACE).resolve().text());
            assertEquals("2h", p.limits(TicketKind.ENCROACHMENT, SpaceKind.GREEN_SPACE).accept().text());
            assertEquals("2d", p.callback().text());
        }
    }

    @Test
    void shouldRefuseToStartWithABadTimeLimitNamingTheKey() throws Exception {
        Map<String, Object> props = props();
        props.put("linli.tickets.resolve.noise", "soon");
        String failure = failureOf(props);
        assertTrue(failure.contains("linli.tickets.resolve.noise"), failure);
    }

    @Test
    void shouldRefuseToStartWithABadHoliday() throws Exception {
        Map<String, Object> props = props();
        props.put("linli.tickets.holidays", List.of("National Day"));
        String failure = failureOf(props);
        assertTrue(failure.contains("linli.tickets.holidays"), failure);
    }

    private static String failureOf(Map<String, Object> props) {
        Exception e = assertThrows(Exception.class, () -> ApplicationContext.run(EmbeddedServer.class, props).stop());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
