package org.linli.ops;

import org.linli.testkit.Command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/compose/compose.yaml checked by Debian's docker-compose 1.29 ({@code config -q}; no engine is
 * needed), and its resolved form read back: the services, the one-shot retention step before the cloud,
 * and secrets as files. A copy with a typo must fail the same check.
 */
class ComposeFileIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token)(?!_{1,2}FILE).*");

    private static Command compose(Path file, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "docker-compose";
        command[1] = "-f";
        command[2] = file.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        return Command.run(file.getParent(), TIMEOUT, command);
    }

    @Test
    void shouldValidateWithDockerCompose() {
        Command check = compose(Repo.file("deploy/compose/compose.yaml"), "config", "-q");
        assertEquals(0, check.exitCode(), check.toString());
        assertTrue(check.stderr().isBlank(), check.toString());
    }

    @Test
    void shouldFailTheCheckOnATypo(@TempDir Path dir) throws Exception {
        Path original = Repo.file("deploy/compose/compose.yaml");
        // Same directory, so relative paths (cloud.env) resolve as for the real file.
        Path typo = original.resolveSibling("compose-typo-" + ProcessHandle.current().pid() + ".yaml");
        try {
            Files.writeString(typo, Files.readString(original).replace("condition: service_healthy", "condition: service_hapy"));
            assertNotEquals(0, compose(typo, "config", "-q").exitCode());
        } finally {
            Files.deleteIfExists(typo);
        }
    }

    @Test
    void shouldStartTheCloudAfterItsServicesWithSecretsAsFiles() throws Exception {
        Command config = compose(Repo.file("deploy/compose/compose.yaml"), "config");
        assertEquals(0, config.exitCode(), config.toString());
        JsonNode resolved = new ObjectMapper(new YAMLFactory()).readTree(config.stdout());

        JsonNode services = resolved.path("services");
        for (String name : Set.of("mosquitto", "influxdb", "influxdb-retention", "postgres", "cloud")) {
            assertTrue(services.has(name), name + " in " + services.fieldNames());
        }
        assertTrue(services.at("/influxdb/image").asText().startsWith("influxdb:1.8"));
        assertEquals("service_completed_successfully", services.at("/cloud/depends_on/influxdb-retention/condition").asText());
        assertEquals("service_healthy", services.at("/cloud/depends_on/postgres/condition").asText());
        assertTrue(resolved.at("/secrets/linli-cloud-mqtt/file").asText().endsWith("secrets/linli-cloud.pass"));
        services.fields().forEachRemaining(service -> service.getValue().path("environment").fields().forEachRemaining(env ->
                assertTrue(!SECRET_NAME.matcher(env.getKey()).matches(),
                        service.getKey() + " sets " + env.getKey() + " inline; use a *_FILE and a secret")));
    }

    @Test
    void shouldValidateTheObservabilityOverlayWithPrometheusAndGrafana() throws Exception {
        Path base = Repo.file("deploy/compose/compose.yaml");
        Path overlay = Repo.file("deploy/compose/compose.observability.yaml");
        Command check = Command.run(base.getParent(), TIMEOUT, "docker-compose", "-f", base.toString(), "-f", overlay.toString(),
                "config", "-q");
        assertEquals(0, check.exitCode(), check.toString());
        assertTrue(check.stderr().isBlank(), check.toString());

        Command config = Command.run(base.getParent(), TIMEOUT, "docker-compose", "-f", base.toString(), "-f", overlay.toString(),
                "config");
        assertEquals(0, config.exitCode(), config.toString());
        JsonNode services = new ObjectMapper(new YAMLFactory())
                .readTree(config.stdout()).path("services");
        for (String name : new String[]{"mosquitto", "influxdb", "influxdb-retention", "postgres", "cloud", "prometheus", "grafana"}) {
            assertTrue(services.has(name), name);
        }
        assertEquals("/run/secrets/linli-metrics-token", services.at("/cloud/environment/LINLI_METRICS_TOKEN_FILE").asText());
        assertTrue(services.at("/prometheus/volumes").toString().contains("prometheus.yml"), services.at("/prometheus/volumes").toString());
        assertTrue(services.at("/grafana/volumes").toString().contains("/var/lib/grafana/dashboards/linli"));
        services.fields().forEachRemaining(service -> service.getValue().path("environment").fields().forEachRemaining(env ->
                assertTrue(!SECRET_NAME.matcher(env.getKey()).matches(),
                        service.getKey() + " sets " + env.getKey() + " inline: use a file secret")));
    }
}
