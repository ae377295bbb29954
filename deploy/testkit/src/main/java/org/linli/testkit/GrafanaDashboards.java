package org.linli.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the Grafana dashboards of {@code deploy/grafana/dashboards}: the PromQL and InfluxQL of every
 * panel and template variable, so that a test can check them against a real scrape and a real
 * InfluxDB. A dashboard is tied to its data source by uid ({@code linli-prometheus},
 * {@code linli-influx}, as provisioned in {@code deploy/grafana/provisioning/datasources}).
 */
public final class GrafanaDashboards {
    public static final String PROMETHEUS_UID = "linli-prometheus";
    public static final String INFLUX_UID = "linli-influx";
    /** The metric names the dashboards may use: ours and Micrometer's JVM, process and HTTP meters. */
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:linli|jvm|process|system|http_server)_[a-zA-Z0-9_]+)\\b(?!\\s*=)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private GrafanaDashboards() {
    }

    /** One query of a panel or variable. */
    public record Query(String dashboard, String panel, String datasourceUid, String text) {
    }

    /** {@code deploy/grafana/dashboards}, found from any module directory of the build. */
    public static Path directory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("deploy/grafana/dashboards");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("deploy/grafana/dashboards not found above " + Path.of("").toAbsolutePath());
    }

    /** Every query of the dashboard file {@code name} (e.g. {@code cloud-ingest.json}). */
    public static List<Query> queries(String name) {
        Path file = directory().resolve(name);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Query> out = new ArrayList<>();
        for (JsonNode panel : panels(root.path("panels"))) {
            String panelUid = uid(panel.path("datasource"));
            for (JsonNode target : panel.path("targets")) {
                String u = uid(target.path("datasource"));
                String ds = u != null ? u : panelUid;
                String text = target.hasNonNull("expr") ? target.get("expr").asText() : target.path("query").asText(null);
                if (text == null || text.isBlank()) {
                    throw new IllegalStateException(name + ": panel '" + panel.path("title").asText() + "' has a target without a query");
                }
                out.add(new Query(name, panel.path("title").asText(), ds, text));
            }
        }
        for (JsonNode variable : root.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode q = variable.path("query");
                String text = q.isTextual() ? q.asText() : q.path("query").asText();
                out.add(new Query(name, "$" + variable.path("name").asText(), uid(variable.path("datasource")), text));
            }
        }
        return out;
    }

    /** The dashboard files. */
    public static List<String> names() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The metric names a PromQL expression reads (label names and values left out). */
    public static Set<String> metricNames(String promql) {
        Set<String> out = new TreeSet<>();
        // Label matchers {a="b", …} name labels and values, not metrics: drop them first.
        String outside = promql.replaceAll("\\{[^}]*}", "{}");
        Matcher m = METRIC.matcher(outside);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * An InfluxQL panel query as Grafana would send it: {@code $timeFilter} as the last 6 hours,
     * {@code $__interval} and {@code $interval} as 1 minute, {@code $__interval_ms} as 60000, and
     * every other variable ({@code $space}, {@code $gateway}) as a regex that matches anything.
     */
    public static String influxql(String query) {
        return query.replace("$timeFilter", "time > now() - 6h")
                .replace("$__interval_ms", "60000")
                .replace("$__interval", "1m")
                .replace("$interval", "1m")
                .replaceAll("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?", ".*");
    }

    /** The metric names of a Prometheus text exposition. */
    public static Set<String> scrapedNames(String exposition) {
        Set<String> out = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            out.add(line.substring(0, end));
        }
        return out;
    }

    private static List<JsonNode> panels(JsonNode panels) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : panels) {
            out.add(p);
            out.addAll(panels(p.path("panels")));
        }
        return out;
    }

    private static String uid(JsonNode datasource) {
        return datasource.hasNonNull("uid") ? datasource.get("uid").asText() : null;
    }
}
