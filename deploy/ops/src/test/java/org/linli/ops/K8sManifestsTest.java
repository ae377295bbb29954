package org.linli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests in deploy/k8s, read as YAML (every document of every file): the kinds, two
 * replicas, probes on /health, settings that the cloud knows, and no secret written into them.
 */
class K8sManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token|key).*");

    private static List<JsonNode> documents() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(Repo.file("deploy/k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = YAML.getFactory().createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                        if (d != null && !d.isNull()) {
                            docs.add(d);
                        }
                    });
                }
            }
        }
        return docs;
    }

    private static List<JsonNode> kind(String kind) throws IOException {
        return documents().stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    @Test
    void shouldDeclareTheExpectedKindsAndNoSecret() throws IOException {
        Set<String> kinds = documents().stream().map(d -> d.path("kind").asText()).collect(Collectors.toSet());
        assertTrue(kinds.containsAll(Set.of("ConfigMap", "Deployment", "StatefulSet", "Service")), kinds.toString());
        assertFalse(kinds.contains("Secret"), "secrets are created with kubectl from render's files, never committed");
        for (JsonNode d : documents()) {
            assertFalse(d.path("apiVersion").asText().isEmpty(), d.toString());
            assertFalse(d.path("metadata").path("name").asText().isEmpty(), d.toString());
        }
    }

    @Test
    void shouldRunTwoInstancesWhosePodsTheServiceSelects() throws IOException {
        JsonNode service = kind("Service").stream().filter(s -> "linli-cloud".equals(s.at("/metadata/name").asText()))
                .findFirst().orElseThrow();
        for (JsonNode workload : workloads()) {
            assertEquals(2, workload.at("/spec/replicas").asInt(), workload.at("/kind").asText());
            JsonNode podLabels = workload.at("/spec/template/metadata/labels");
            workload.at("/spec/selector/matchLabels").fields().forEachRemaining(e ->
                    assertEquals(e.getValue(), podLabels.get(e.getKey()), "selector " + e.getKey()));
            service.at("/spec/selector").fields().forEachRemaining(e ->
                    assertEquals(e.getValue(), podLabels.get(e.getKey()), "service selector " + e.getKey()));
        }
        JsonNode statefulSet = kind("StatefulSet").get(0);
        String governing = statefulSet.at("/spec/serviceName").asText();
        assertTrue(kind("Service").stream().anyMatch(s -> governing.equals(s.at("/metadata/name").asText())
                && "None".equals(s.at("/spec/clusterIP").asText())), "headless Service " + governing);
    }

    @Test
    void shouldProbeHealthOnTheHttpPort() throws IOException {
        for (JsonNode container : containers()) {
            assertEquals("/health", container.at("/readinessProbe/httpGet/path").asText(), container.toString());
            assertEquals("/health", container.at("/startupProbe/httpGet/path").asText(), container.toString());
            assertFalse(container.path("livenessProbe").isMissingNode(), "a liveness probe");
            String port = container.at("/readinessProbe/httpGet/port").asText();
            boolean declared = false;
            for (JsonNode p : container.path("ports")) {
                declared |= port.equals(p.path("name").asText()) || port.equals(p.path("containerPort").asText());
            }
            assertTrue(declared, "probe port " + port + " is a container port");
        }
    }

    @Test
    void shouldTakeSecretsOnlyFromSecretReferences() throws IOException {
        for (JsonNode container : containers()) {
            for (JsonNode env : container.path("env")) {
                String name = env.path("name").asText();
                if (SECRET_NAME.matcher(name).matches()) {
                    assertTrue(env.path("value").isMissingNode(), name + " must not be written inline");
                    assertFalse(env.at("/valueFrom/secretKeyRef/name").asText().isEmpty(), name + " from a Secret");
                }
            }
        }
        for (JsonNode map : kind("ConfigMap")) {
            map.path("data").fields().forEachRemaining(e -> assertFalse(
                    SECRET_NAME.matcher(e.getKey()).matches() && !e.getKey().endsWith("_FILE"),
                    "ConfigMap " + map.at("/metadata/name").asText() + " holds " + e.getKey()));
        }
        for (JsonNode workload : workloads()) {
            for (JsonNode volume : workload.at("/spec/template/spec/volumes")) {
                if (volume.has("secret")) {
                    assertEquals("linli-cloud-secrets", volume.at("/secret/secretName").asText());
                }
            }
        }
    }

    @Test
    void shouldSetOnlySettingsTheCloudDocuments() throws IOException {
        Set<String> documented = documentedSettings();
        assertTrue(documented.contains("LINLI_MQTT_URI"), "cloud/README.md settings table: " + documented);
        List<String> used = new ArrayList<>();
        kind("ConfigMap").stream().filter(m -> "linli-cloud-config".equals(m.at("/metadata/name").asText()))
                .forEach(m -> m.path("data").fieldNames().forEachRemaining(used::add));
        for (JsonNode container : containers()) {
            assertEquals("linli-cloud-config", container.at("/envFrom/0/configMapRef/name").asText());
            container.path("env").forEach(e -> used.add(e.path("name").asText()));
        }
        for (String name : used) {
            if (name.startsWith("LINLI_") || name.startsWith("MICRONAUT_") || name.startsWith("DATASOURCES_")) {
                assertTrue(documented.contains(name), name + " is not in cloud/README.md's settings table");
            }
        }
        assertTrue(used.contains("LINLI_MQTT_CLIENT_ID"), "each instance needs its own stable client id");
        assertTrue(used.contains("DATASOURCES_DEFAULT_URL"), "the cloud's SQL database is PostgreSQL, not the embedded H2");
    }

    @Test
    void shouldRunAsAnUnprivilegedUserOnAReadOnlyRoot() throws IOException {
        for (JsonNode workload : workloads()) {
            assertTrue(workload.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean());
        }
        for (JsonNode container : containers()) {
            assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
            assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
        }
    }

    /** The env var names in the settings table of cloud/README.md (the column of `LINLI_…` cells). */
    static Set<String> documentedSettings() throws IOException {
        Matcher m = Pattern.compile("`((?:LINLI|MICRONAUT|DATASOURCES)_[A-Z_]+)`").matcher(Files.readString(Repo.file("cloud/README.md")));
        Set<String> names = new java.util.HashSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static List<JsonNode> workloads() throws IOException {
        List<JsonNode> all = new ArrayList<>(kind("Deployment"));
        all.addAll(kind("StatefulSet"));
        return all;
    }

    private static List<JsonNode> containers() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode w : workloads()) {
            w.at("/spec/template/spec/containers").forEach(all::add);
        }
        assertFalse(all.isEmpty());
        return all;
    }
}
