package org.linli.cloud.web;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.WebClient;
import org.linli.testkit.fuzz.Mutator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP part of the proof's fuzzing: mutated bodies and query strings through the cloud's real
 * endpoints, logged in as an admin (with the CSRF token) so the requests get past the login to the
 * parsers behind it. No answer may be a 5xx or missing; every refusal is a 4xx, counted by status.
 */
class HttpFuzzIT {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFuzzIT.class);
    private static final long SEED = Long.getLong("linli.fuzz.seed", 20261122L);
    private static final int PER_TARGET = Integer.getInteger("linli.fuzz.http.cases", 600);
    private static final String KEY = "fuzz-key";
    private static EmbeddedServer server;
    private static WebClient admin;

    @BeforeAll
    static void start() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", Path.of(HttpFuzzIT.class.getResource("/site.yaml").toURI()).toString());
        // Nothing here needs a broker or InfluxDB: the cloud keeps trying them and serves HTTP anyway.
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-http-fuzz");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("linli.open311.api-keys", List.of(KEY));
        props.put("micronaut.server.port", -1);
        server = ApplicationContext.run(EmbeddedServer.class, props);
        admin = TestUsers.loginAs(server, "fuzz-admin", Role.COMMUNITY_ADMIN, null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    /** One endpoint and how to send a (mutated) body or query to it. */
    private record Target(String name, byte[] seed, Sender sender) {
    }

    private interface Sender {
        HttpResponse<String> send(byte[] input);
    }

    @Test
    void shouldAnswerEveryMutatedRequestWithoutAServerError() {
        List<Target> targets = List.of(
                new Target("login json", utf8("{\"username\":\"fuzz-admin\",\"password\":\"wrong\"}"),
                        b -> post(WebClient.anonymous(TestUsers.base(server)), "/login", "application/json", b, false)),
                new Target("login form", utf8("username=fuzz-admin&password=wrong"),
                        b -> post(WebClient.anonymous(TestUsers.base(server)), "/login", "application/x-www-form-urlencoded", b, false)),
                new Target("roster csv", utf8("身份证号,姓名,出生年月,困难类别,户籍,在册,卡号\n"
                        + "11010519491231002X,张建华,1949-12,dibao,是,是,12:34567\n"),
                        b -> post(admin, "/api/canteen/roster", "text/csv; charset=utf-8", b, true)),
                new Target("open311 form", utf8("api_key=" + KEY + "&service_code=noise&attribute%5Bspace%5D=plaza-east"
                        + "&description=%E5%A4%AA%E5%90%B5&first_name=%E5%BC%A0"),
                        b -> post(WebClient.anonymous(TestUsers.base(server)), "/open311/v2/requests.json",
                                "application/x-www-form-urlencoded", b, false)),
                new Target("users json", utf8("{\"username\":\"fz1\",\"displayName\":\"测试\",\"password\":\"a-long-password-1\","
                        + "\"role\":\"GRID_WORKER\",\"scope\":\"g1-1\"}"),
                        b -> post(admin, "/api/users", "application/json", b, true)),
                new Target("ticket action json", utf8("{\"note\":\"到场劝导\",\"reason\":\"x\",\"satisfied\":true}"),
                        b -> post(admin, "/api/tickets/1/note", "application/json", b, true)),
                new Target("tickets query", utf8("status=FILED&grid=g1-1&kind=NOISE"),
                        b -> admin.get("/api/tickets?" + query(b))),
                new Target("settlement path", utf8("canteen-1/2026-11.csv"),
                        b -> admin.get("/api/canteen/settlements/" + query(b))));

        Map<String, Map<Integer, Integer>> statuses = new LinkedHashMap<>();
        Map<String, List<String>> failures = new LinkedHashMap<>();
        for (int t = 0; t < targets.size(); t++) {
            Target target = targets.get(t);
            Mutator mutator = new Mutator(SEED * 17 + t);
            Map<Integer, Integer> counts = new TreeMap<>();
            List<String> bad = new ArrayList<>();
            for (int i = 0; i < PER_TARGET; i++) {
                byte[] input = mutator.mutate(target.seed());
                int status;
                try {
                    HttpResponse<String> r = target.sender().send(input);
                    status = r.statusCode();
                } catch (UncheckedIOException e) {
                    status = -1; // no answer: a hang or a dropped connection
                }
                counts.merge(status, 1, Integer::sum);
                if ((status < 0 || status >= 500) && bad.size() < 3) {
                    String text = new String(input, StandardCharsets.UTF_8).replaceAll("\\s", " ");
                    bad.add(status + " for " + text.substring(0, Math.min(200, text.length())));
                }
            }
            statuses.put(target.name(), counts);
            if (!bad.isEmpty()) {
                failures.put(target.name(), bad);
            }
        }
        StringBuilder table = new StringBuilder(String.format("%n%-20s %7s  %s%n", "target", "inputs", "answers by status"));
        statuses.forEach((name, counts) -> table.append(String.format("%-20s %7d  %s%n", name, PER_TARGET, counts)));
        LOG.info("HTTP fuzzing (seed {}):{}", SEED, table);

        assertEquals(Map.of(), failures, "no 5xx and no missing answer:" + table);
        for (Map.Entry<String, Map<Integer, Integer>> e : statuses.entrySet()) {
            assertTrue(e.getValue().keySet().stream().anyMatch(s -> s >= 400 && s < 500),
                    e.getKey() + ": no mutation was refused, so the fuzzing does not reach its parser:" + table);
        }
        // And the service still answers as before.
        assertEquals(200, admin.get("/api/me").statusCode());
    }

    private static HttpResponse<String> post(WebClient client, String path, String type, byte[] body, boolean csrf) {
        HttpRequest.Builder b = client.request(path).header("Content-Type", type).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (csrf) {
            b.header("X-CSRF-Token", client.csrfToken());
        }
        return WebClient.send(b);
    }

    /** The mutated bytes as a query: kept as they are where legal, percent-encoded otherwise. */
    private static String query(byte[] input) {
        StringBuilder out = new StringBuilder();
        for (byte b : input) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~=&/%".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        // A lone % that does not start an escape would make the URI unusable on the client side.
        return out.toString().replaceAll("%(?![0-9A-Fa-f]{2})", "%25");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
