package org.linli.cloud.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.TestUsers;
import org.linli.cloud.auth.TwoGridSite;
import org.linli.cloud.auth.WebClient;
import org.linli.cloud.rules.NoiseEvent;
import org.linli.testkit.Services;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ticket photos over HTTP on the in-process cloud with a real PostgreSQL (deploy/testkit): a grid worker's photo is stored under a name the
 * cloud made, listed and served to the ticket's grid only (another grid's worker and the canteen roles 403);
 * a file that is not a JPEG, PNG or WebP gets 415 and one over {@code linli.photos.max-bytes} 413, both
 * counted and nothing stored; no request path leads out of the photo folder.
 */
@Timeout(120)
class TicketPhotoIT {
    @RegisterExtension
    static final Services services = Services.create().postgres();
    private static final long MAX = 64 * 1024;
    private static final java.util.concurrent.atomic.AtomicInteger EPISODES = new java.util.concurrent.atomic.AtomicInteger();
    @TempDir
    static Path photoDir;
    private static EmbeddedServer server;
    private static TicketOpener opener;
    private static TicketStore store;
    private static WebClient li;
    private static WebClient zhang;
    private static WebClient admin;

    @BeforeAll
    static void start() {
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", TwoGridSite.file().toString());
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-photo-it");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("linli.photos.dir", photoDir.toString());
        props.put("linli.photos.max-bytes", MAX);
        props.put("datasources.default.url", services.postgresProcess().jdbcUrl());
        props.put("datasources.default.username", services.postgresProcess().user());
        props.put("datasources.default.password", services.postgresProcess().password());
        props.put("micronaut.server.port", -1);
        server = ApplicationContext.run(EmbeddedServer.class, props);
        opener = server.getApplicationContext().getBean(TicketOpener.class);
        store = server.getApplicationContext().getBean(TicketStore.class);
        li = TestUsers.loginAs(server, "li", Role.GRID_WORKER, "g1-1");
        zhang = TestUsers.loginAs(server, "zhang", Role.GRID_WORKER, "g1-2");
        admin = TestUsers.loginAs(server, "root", Role.COMMUNITY_ADMIN, null);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
    }

    private static long ticket(String space) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10)).plusSeconds(EPISODES.incrementAndGet());
        opener.noise(new NoiseEvent.EpisodeStarted(space, start, start.plus(Duration.ofMinutes(5)),
                NoiseEvent.Reason.OVER_LIMIT, 55.0, 71.0));
        return store.find(space, TicketKind.NOISE, start.toString()).orElseThrow().id();
    }

    /** A PNG's signature and some bytes: enough for the sniffer, which is what is tested. */
    static byte[] png(int size) {
        byte[] b = new byte[size];
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        System.arraycopy(magic, 0, b, 0, magic.length);
        for (int i = magic.length; i < size; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    static HttpResponse<String> upload(WebClient client, long ticket, String fileName, String declaredType, byte[] bytes) {
        String boundary = "----linli" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + declaredType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n东侧入口"
                + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = client.request("/api/tickets/" + ticket + "/photos")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Accept", "application/json")
                .header("X-CSRF-Token", client.csrfToken())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        return WebClient.send(b);
    }

    private static HttpResponse<byte[]> getBytes(WebClient client, String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(client.request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(photoDir)) {
            return s.toList();
        }
    }

    @Test
    void shouldStoreAWorkersPhotoUnderItsOwnNameAndShowItOnlyToTheTicketsGrid() throws Exception {
        long id = ticket("plaza-east");
        byte[] photo = png(5000);
        HttpResponse<String> r = upload(li, id, "../../../etc/evil.png", "image/png", photo);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode view = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        String url = view.get("url").asText();
        assertEquals("/api/tickets/" + id + "/photos/" + view.get("id").asLong(), url);
        assertEquals("li", view.get("takenBy").asText());
        assertEquals("image/png", view.get("contentType").asText());

        assertTrue(files().stream().map(p -> p.getFileName().toString()).anyMatch(n -> n.matches("[0-9a-f]{32}\\.png")),
                files().toString());
        assertFalse(files().stream().anyMatch(p -> p.toString().contains("evil")), "never the client's name");
        assertFalse(Files.exists(photoDir.getParent().resolve("etc")));

        HttpResponse<byte[]> served = getBytes(li, url);
        assertEquals(200, served.statusCode());
        assertArrayEquals(photo, served.body());
        assertEquals("image/png", served.headers().firstValue("Content-Type").orElse(""));
        assertEquals("nosniff", served.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals(1, li.getJson("/api/tickets/" + id + "/photos").size());
        JsonNode last = null;
        for (JsonNode e : li.getJson("/api/tickets/" + id).get("events")) {
            last = e;
        }
        assertEquals("photo", last.get("type").asText());
        assertEquals("li", last.get("actor").asText());
        assertEquals("照片 #" + view.get("id").asLong() + " 东侧入口", last.get("note").asText());
        assertEquals("照片", last.get("typeZh").asText());

        // another grid's worker: not the photo, not the list, no upload; the head above and the admin may see it
        assertEquals(403, getBytes(zhang, url).statusCode());
        assertEquals(403, zhang.get("/api/tickets/" + id + "/photos").statusCode());
        assertEquals(403, upload(zhang, id, "x.png", "image/png", png(100)).statusCode());
        WebClient wang = TestUsers.loginAs(server, "wang", Role.GRID_HEAD, "g1");
        assertEquals(200, getBytes(wang, url).statusCode());
        assertEquals(200, getBytes(admin, url).statusCode());
        WebClient operator = TestUsers.loginAs(server, "zhou", Role.CANTEEN_OPERATOR, "canteen-1");
        assertEquals(403, getBytes(operator, url).statusCode());
        assertEquals(401, getBytes(WebClient.anonymous(TestUsers.base(server)), url).statusCode());
        assertEquals(1, li.getJson("/api/tickets/" + id + "/photos").size(), "the refused upload stored nothing");
    }

    @Test
    void shouldRefuseWhatIsNotAPhotoWith415AndAnOversizePhotoWith413AndCountBoth() throws Exception {
        long id = ticket("plaza-east");
        int filesBefore = files().size();
        long notImage = admin.getJson("/api/auth/stats").path("refusedRequests").path("photo-not-image").asLong(0);
        long tooLarge = admin.getJson("/api/auth/stats").path("refusedRequests").path("photo-too-large").asLong(0);

        HttpResponse<String> html = upload(li, id, "photo.jpg", "image/jpeg",
                "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, html.statusCode(), html.body());
        assertTrue(html.body().contains("only JPEG, PNG or WebP"), html.body());
        HttpResponse<String> svg = upload(li, id, "photo.svg", "image/svg+xml",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, svg.statusCode());

        HttpResponse<String> big = upload(li, id, "big.png", "image/png", png((int) MAX + 1));
        assertEquals(413, big.statusCode(), big.body());
        assertTrue(big.body().contains("at most " + MAX), big.body());
        assertEquals(201, upload(li, id, "fits.png", "image/png", png((int) MAX)).statusCode(), "exactly the limit fits");

        JsonNode stats = admin.getJson("/api/auth/stats").path("refusedRequests");
        assertEquals(notImage + 2, stats.path("photo-not-image").asLong());
        assertEquals(tooLarge + 1, stats.path("photo-too-large").asLong());
        assertEquals(filesBefore + 1, files().size(), "only the photo that fits is stored");
        assertEquals(1, li.getJson("/api/tickets/" + id + "/photos").size());
    }

    @Test
    void shouldNeverServeAnythingOutsideThePhotoFolder() throws Exception {
        long mine = ticket("plaza-east");
        long other = ticket("plaza-east");
        HttpResponse<String> r = upload(li, other, "a.png", "image/png", png(300));
        assertEquals(201, r.statusCode());
        long photoOfOther = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("id").asLong();
        assertEquals(404, li.get("/api/tickets/" + mine + "/photos/" + photoOfOther).statusCode(),
                "a photo is found only under its own ticket");
        for (String path : List.of("/api/tickets/" + mine + "/photos/..%2f..%2fapplication.yml",
                "/api/tickets/" + mine + "/photos/%2e%2e", "/api/tickets/" + mine + "/photos/%2e%2e%2f%2e%2e%2fapp.js",
                "/api/tickets/" + mine + "/photos/1%00.png", "/api/tickets/" + mine + "/photos/-1")) {
            HttpResponse<String> got = li.get(path);
            assertNotEquals(200, got.statusCode(), path);
            assertFalse(got.body().contains("micronaut:"), path);
        }
        assertTrue(Arrays.stream(photoDir.toFile().list()).allMatch(n -> n.matches("[0-9a-f]{32}\\.(png|jpg|webp)")),
                Arrays.toString(photoDir.toFile().list()));
    }
}
