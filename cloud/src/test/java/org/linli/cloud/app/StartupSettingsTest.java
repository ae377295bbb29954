package org.linli.cloud.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bad setting stops start-up with a message naming the key. No broker or database is needed: the
 * context fails before it would connect (MQTT and InfluxDB point at a closed port).
 */
class StartupSettingsTest {

    private static Map<String, Object> props(String siteFile) {
        Map<String, Object> props = new HashMap<>();
        if (siteFile != null) {
            props.put("linli.site-file", siteFile);
        }
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-startup-test");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("micronaut.server.port", -1);
        return props;
    }

    private static String failureOf(Map<String, Object> props) {
        // Should it start after all, stop it again: the assertion fails either way.
        Exception e = assertThrows(Exception.class, () -> ApplicationContext.run(EmbeddedServer.class, props).stop());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    @Test
    void shouldRefuseToStartWithoutASiteFile() {
        String failure = failureOf(props(null));
        assertTrue(failure.contains("linli.site-file"), failure);
    }

    @Test
    void shouldRefuseToStartWithASiteFileNamingEveryProblem(@TempDir Path dir) throws IOException {
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, String.join("\n",
                "id: huayuan",
                "grids:",
                "  - id: g1",
                "    name: 一网格",
                "    level: 1",
                "spaces:",
                "  - id: plaza",
                "    name: 广场",
                "    kind: plaza",
                "    grid: nowhere",
                "    noiseZone: \"1\"",
                "  - id: lane",
                "    name: 通道",
                "    kind: fire-lane",
                "    grid: elsewhere",
                "    noiseZone: \"1\"",
                ""), StandardCharsets.UTF_8);
        String failure = failureOf(props(site.toString()));
        assertTrue(failure.contains("linli.site-file"), failure);
        assertTrue(failure.contains("unknown grid 'nowhere'"), failure);
        assertTrue(failure.contains("unknown grid 'elsewhere'"), failure);
    }

    @Test
    void shouldRefuseASharedGroupWithASlash() throws URISyntaxException {
        Map<String, Object> props = props(Path.of(getClass().getResource("/site.yaml").toURI()).toString());
        props.put("linli.mqtt.shared-group", "a/b");
        String failure = failureOf(props);
        assertTrue(failure.contains("linli.mqtt.shared-group"), failure);
    }

    @Test
    void shouldRefuseAnInfluxUrlThatIsNotHttp() throws URISyntaxException {
        Map<String, Object> props = props(Path.of(getClass().getResource("/site.yaml").toURI()).toString());
        props.put("linli.influx.url", "localhost:8086");
        String failure = failureOf(props);
        assertTrue(failure.contains("linli.influx.url"), failure);
    }
}
