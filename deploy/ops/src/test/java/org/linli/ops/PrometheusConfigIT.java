package org.linli.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linli.testkit.Command;
import org.linli.testkit.GrafanaDashboards;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Prometheus files of deploy/prometheus and the PromQL of deploy/grafana's dashboards, checked by
 * Prometheus' own {@code promtool} (Debian's prometheus package, unpacked by
 * {@code deploy/local/stack.sh install-test-tools} under {@code .linli/tools/prometheus}; or
 * {@code -Dlinli.promtool}). Which metric names the PromQL uses is checked against real scrapes by the
 * cloud's {@code MetricsIT} and the gateway's {@code GatewayMetricsIT}; here, that it parses.
 */
class PrometheusConfigIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static Path promtool;

    @TempDir
    Path dir;

    @BeforeAll
    static void locatePromtool() {
        String configured = System.getProperty("linli.promtool");
        if (configured != null && !configured.isBlank()) {
            promtool = Path.of(configured);
        } else {
            for (Path d = Repo.root(); d != null; d = d.getParent()) {
                Path candidate = d.resolve(".linli/tools/prometheus/usr/bin/promtool");
                if (Files.isExecutable(candidate)) {
                    promtool = candidate;
                    break;
                }
            }
        }
        assertTrue(promtool != null && Files.isExecutable(promtool),
                "promtool is missing: run deploy/local/stack.sh install-test-tools (or set -Dlinli.promtool)");
    }

    @Test
    void shouldPassPromtoolsCheckOfTheHostAndComposeScrapeConfig() throws Exception {
        Path config = withLocalFiles("deploy/prometheus/prometheus.yml");

        Command check = Command.run(dir, TIMEOUT, promtool.toString(), "check", "config", config.toString());

        assertEquals(0, check.exitCode(), check.toString());
    }

    @Test
    void shouldPassPromtoolsCheckOfTheKubernetesScrapeJob() throws Exception {
        Path config = withLocalFiles("deploy/prometheus/k8s-scrape.yml");
        // Debian builds Prometheus without Kubernetes discovery: the job is checked (auth, relabelling)
        // with its discovery replaced by a static target.
        String text = Files.readString(config);
        assertTrue(text.contains("    kubernetes_sd_configs:\n      - role: pod\n"), text);
        Files.writeString(config, text.replace("    kubernetes_sd_configs:\n      - role: pod\n",
                "    static_configs:\n      - targets: [\"10.0.0.1:8080\"]\n"));

        Command check = Command.run(dir, TIMEOUT, promtool.toString(), "check", "config", config.toString());

        assertEquals(0, check.exitCode(), check.toString());
    }

    @Test
    void shouldFailTheCheckOnAMisspelledKey() throws Exception {
        Path config = withLocalFiles("deploy/prometheus/prometheus.yml");
        Files.writeString(config, Files.readString(config).replace("credentials_file:", "credential_file:"));

        assertNotEquals(0, Command.run(dir, TIMEOUT, promtool.toString(), "check", "config", config.toString()).exitCode());
    }

    @Test
    void shouldParseEveryPromQlQueryOfTheDashboards() throws Exception {
        List<Map<String, String>> rules = new ArrayList<>();
        for (String dashboard : GrafanaDashboards.names()) {
            for (GrafanaDashboards.Query q : GrafanaDashboards.queries(dashboard)) {
                if (GrafanaDashboards.PROMETHEUS_UID.equals(q.datasourceUid()) && !q.text().startsWith("label_values(")) {
                    rules.add(Map.of("record", "linli:dashboard_check_" + rules.size(), "expr", promql(q.text())));
                }
            }
        }
        assertTrue(rules.size() > 50, "PromQL queries: " + rules.size());
        Path good = writeRules("dashboards.yml", rules);
        List<Map<String, String>> broken = new ArrayList<>(rules);
        broken.add(Map.of("record", "linli:dashboard_check_broken", "expr", "sum(rate(linli_ingest_gaps_total[5m])"));
        Path bad = writeRules("broken.yml", broken);

        Command check = Command.run(dir, TIMEOUT, promtool.toString(), "check", "rules", good.toString());
        Command control = Command.run(dir, TIMEOUT, promtool.toString(), "check", "rules", bad.toString());

        assertEquals(0, check.exitCode(), check.toString());
        assertTrue(check.stdout().contains(rules.size() + " rules found"), check.toString());
        assertNotEquals(0, control.exitCode(), "a broken expression must fail the check: " + control);
    }

    /** As Grafana sends it: template variables ({@code $site}, {@code $gateway}) as "All" (a regex for anything). */
    private static String promql(String expr) {
        return expr.replaceAll("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?", ".*");
    }

    private Path writeRules(String name, List<Map<String, String>> rules) throws Exception {
        Path file = dir.resolve(name);
        new ObjectMapper(new YAMLFactory()).writeValue(file.toFile(),
                Map.of("groups", List.of(Map.of("name", "linli-dashboards", "rules", rules))));
        return file;
    }

    /** A copy whose token file and gateway list are files of the test (promtool reads them). */
    private Path withLocalFiles(String relative) throws Exception {
        Path token = Files.writeString(dir.resolve("linli-metrics-token"), "0123456789abcdef0123456789abcdef\n");
        Path gateways = Files.writeString(dir.resolve("linli-gateways.json"),
                "[{\"targets\": [\"192.0.2.10:8088\"], \"labels\": {\"site\": \"huayuan\"}}]\n");
        String text = Files.readString(Repo.file(relative))
                .replace("/etc/prometheus/secrets/linli-metrics-token", token.toString())
                .replace("/etc/prometheus/linli-gateways.json", gateways.toString());
        return Files.writeString(dir.resolve(Path.of(relative).getFileName()), text);
    }
}
