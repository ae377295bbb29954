package org.linli.cloud.canteen;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bad canteen setting stops start-up with a message naming the key. */
class CanteenSettingsTest {

    private static Map<String, Object> props(Path dataDir) throws URISyntaxException {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", Path.of(CanteenSettingsTest.class.getResource("/canteen-site.yaml").toURI()).toString());
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-canteen-settings-test");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("linli.data-dir", dataDir.toString());
        return props;
    }

    private static String failureOf(Map<String, Object> props) {
        Exception e = assertThrows(Exception.class, () -> ApplicationContext.run(props).close());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    @Test
    void shouldReadDurationsInDaysHoursAndMilliseconds(@TempDir Path dir) throws Exception {
        Map<String, Object> props = props(dir);
        props.put("linli.canteen.retention-decisions", "30d");
        props.put("linli.canteen.retention-meals", "3650d");
        props.put("linli.canteen.claims-debounce", "200ms");
        props.put("linli.canteen.two-canteens", "45m");
        try (ApplicationContext ctx = ApplicationContext.run(props)) {
            CanteenSettings s = ctx.getBean(CanteenSettings.class);
            assertEquals(Duration.ofDays(30), s.retentionDecisions());
            assertEquals(Duration.ofDays(3650), s.retentionMeals());
            assertEquals(Duration.ofMillis(200), s.claimsDebounce());
            assertEquals(Duration.ofMinutes(45), s.twoCanteens());
            assertEquals(Duration.ofDays(7), s.sessionExpiry(), "the default");
        }
    }

    @Test
    void shouldRefuseAKeyFileWithATooShortKey(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("short.key");
        Files.writeString(key, "abc\n", StandardCharsets.UTF_8);
        Map<String, Object> props = props(dir);
        props.put("linli.canteen.key-file", key.toString());
        String failure = failureOf(props);
        assertTrue(failure.contains("linli.canteen.key-file"), failure);
    }

    @Test
    void shouldRefuseAKeyFileThatIsNotThere(@TempDir Path dir) throws Exception {
        Map<String, Object> props = props(dir);
        props.put("linli.canteen.key-file", dir.resolve("missing.key").toString());
        String failure = failureOf(props);
        assertTrue(failure.contains("linli.canteen.key-file"), failure);
    }

    @Test
    void shouldRefuseAnUnreadableDuration(@TempDir Path dir) throws Exception {
        Map<String, Object> props = props(dir);
        props.put("linli.canteen.two-canteens", "half an hour");
        String failure = failureOf(props);
        assertTrue(failure.contains("two-canteens") || failure.contains("twoCanteens"), failure);
    }
}
