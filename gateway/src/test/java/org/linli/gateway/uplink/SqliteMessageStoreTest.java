package org.linli.gateway.uplink;

import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linli.wire.Reading;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linli.gateway.uplink.MemoryMessageStoreTest.readings;
import static org.linli.gateway.uplink.MemoryMessageStoreTest.sealer;

/** The SQLite store on a real file: what survives a reopen, in which order it comes back, what it costs. */
class SqliteMessageStoreTest {
    @TempDir
    Path dir;

    private final List<SqliteMessageStore> open = new ArrayList<>();

    @AfterEach
    void closeStores() throws Exception {
        for (SqliteMessageStore s : open) {
            get(s.close());
        }
    }

    @Test
    void shouldKeepPendingReadingsAndSealedBatchesAcrossAReopen() throws Exception {
        SqliteMessageStore first = store(1_000_000);
        for (int i = 0; i < 5; i++) {
            get(first.add(Readings.reading(i)));
        }
        StoredBatch sealed = get(first.seal(sealer(), 3, Readings.T0)).get(0);
        get(first.close());
        open.remove(first);

        SqliteMessageStore second = store(1_000_000);

        assertEquals(2, second.pendingReadings());
        assertEquals(1, second.sealedBatches());
        StoredBatch again = get(second.sealed(10)).get(0);
        assertEquals("boot-1", again.bootId(), "the old boot's batch keeps its identity");
        assertEquals(1, again.seq());
        assertArrayEquals(sealed.payload(), again.payload(), "byte for byte");
        BatchSealer newBoot = new BatchSealer("huayuan", "gw-01", "boot-2", new org.linli.wire.WireCodec(), 1024 * 1024);
        StoredBatch next = get(second.seal(newBoot, 10, Readings.T0)).get(0);
        assertEquals("boot-2/1", next.key());
        assertEquals(List.of(Readings.T0 + 3, Readings.T0 + 4), readings(List.of(next)).stream().map(Reading::ts).toList());
        assertEquals(List.of("boot-1/1", "boot-2/1"), get(second.sealed(10)).stream().map(StoredBatch::key).toList());
    }

    @Test
    void shouldDeleteABatchOnlyWhenAcknowledged() throws Exception {
        SqliteMessageStore first = store(1_000_000);
        get(first.add(Readings.reading(0)));
        StoredBatch batch = get(first.seal(sealer(), 10, Readings.T0)).get(0);
        get(first.remove(batch));
        get(first.close());
        open.remove(first);

        SqliteMessageStore second = store(1_000_000);

        assertEquals(0, second.sealedBatches());
        assertEquals(0, second.pendingReadings());
        assertEquals(0, second.bytes());
    }

    @Test
    void shouldResumeHighestClassFirstThenOldestFirst() throws Exception {
        SqliteMessageStore first = store(1_000_000);
        for (Reading r : List.of(Readings.telemetry("pir-1", 1), Readings.rawNoise("n1", 2), Readings.status("pir-2", 3),
                Readings.meal("canteen-1", 4), Readings.telemetry("pir-1", 5), Readings.aggregate("slm-1", 6))) {
            get(first.add(r));
        }
        get(first.close());
        open.remove(first);

        SqliteMessageStore second = store(1_000_000);
        List<Reading> resumed = readings(get(second.seal(sealer(), 10, Readings.T0)));

        assertEquals(List.of("canteen-1", "pir-2", "pir-1", "pir-1", "slm-1", "n1"), resumed.stream().map(Reading::sensor).toList());
        assertEquals(Readings.meal("canteen-1", 4), resumed.get(0), "values, unit, quality and message round-trip");
        assertEquals(Readings.status("pir-2", 3), resumed.get(1));
    }

    @Test
    void shouldCommitManyReadingsInFewTransactions() throws Exception {
        SqliteMessageStore store = store(100_000_000);
        long before = store.commits();
        List<Future<Void>> stored = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            stored.add(store.add(Readings.rawNoise("n" + (i % 10), i)));
        }
        get(Future.all(stored));

        long commits = store.commits() - before;
        assertEquals(2000, store.pendingReadings());
        assertTrue(commits <= 2000 / SqliteMessageStore.GROUP_MAX + 10, commits + " commits for 2000 readings");
    }

    @Test
    void shouldDropRawNoiseBeforeTelemetryWithinTheCapAndLeaveGapMarkers() throws Exception {
        SqliteMessageStore store = store(20_000);
        for (int i = 0; i < 600; i++) {
            store.add(i % 6 == 0 ? Readings.telemetry("pir-1", i) : Readings.rawNoise("n" + (i % 2), i));
        }
        get(store.add(Readings.telemetry("pir-1", 600)));

        assertTrue(store.bytes() <= 20_000 + 2 * 256, store.bytes() + " bytes: the cap, but for the newest gap markers");
        List<Reading> all = readings(get(store.seal(sealer(), 5000, Readings.T0)));
        assertEquals(101, all.stream().filter(r -> r.values().containsKey("occupied")).count(), "no telemetry dropped");
        List<Reading> markers = all.stream().filter(r -> r.values().containsKey("dropped")).toList();
        long keptNoise = all.stream().filter(r -> r.values().containsKey("la")).count();
        assertEquals(500, keptNoise + markers.stream().mapToDouble(r -> r.values().get("dropped")).sum());
        assertEquals(store.droppedReadings(), 500 - keptNoise);
        assertEquals(2, markers.size(), "one merged marker per sensor: " + markers);
        Reading firstN1 = markers.stream().filter(r -> r.sensor().equals("n1")).findFirst().orElseThrow();
        assertEquals(Readings.T0 + 1, (long) (double) firstN1.values().get("droppedFrom"), "oldest first");
        assertEquals(firstN1.ts(), (long) (double) firstN1.values().get("droppedTo"));
        assertTrue(firstN1.message().startsWith("buffer full: dropped: "), firstN1.message());
        assertTrue(all.stream().anyMatch(r -> r.ts() == Readings.T0 + 599), "the newest raw noise is kept");
    }

    @Test
    void shouldNotStoreAgainAMessageRedeliveredAfterACrashBetweenCommitAndAck() throws Exception {
        SqliteMessageStore first = store(1_000_000);
        MessageKey.Mqtt keys = new MessageKey.Mqtt();
        byte[] payload = "{\"LAeq\":62.4}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(get(first.add(List.of(Readings.aggregate("slm-1", 1)), keys.of("noise/slm-1", 7, payload, false))));
        get(first.close()); // the PUBACK of packet 7 never left
        open.remove(first);

        SqliteMessageStore second = store(1_000_000);
        boolean stored = get(second.add(List.of(Readings.aggregate("slm-1", 2)), keys.of("noise/slm-1", 7, payload, true)));

        assertFalse(stored, "the redelivery is acknowledged, not stored");
        assertEquals(1, second.pendingReadings());
        assertEquals(1, second.redeliveriesSkipped());
        assertEquals(List.of(Readings.T0 + 1), readings(get(second.seal(sealer(), 10, Readings.T0))).stream()
                .map(Reading::ts).toList(), "the reading keeps its first arrival time");
    }

    @Test
    void shouldStoreTheSamePayloadAgainWhenItIsANewMessage() throws Exception {
        SqliteMessageStore store = store(1_000_000);
        MessageKey.Mqtt keys = new MessageKey.Mqtt();
        byte[] payload = "{\"occupancy\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        get(store.add(List.of(Readings.telemetry("pir-1", 1)), keys.of("z2m/pir-1", 7, payload, false)));

        boolean laterMessage = get(store.add(List.of(Readings.telemetry("pir-1", 2)), keys.of("z2m/pir-1", 8, payload, true)));
        boolean sameIdNotARepeat = get(store.add(List.of(Readings.telemetry("pir-1", 3)), keys.of("z2m/pir-1", 7, payload, false)));

        assertTrue(laterMessage, "a new packet id, early on a kept session: a new message");
        assertTrue(sameIdNotARepeat, "the same id and payload late on a connection: the id came round again");
        assertEquals(3, store.pendingReadings());
    }

    @Test
    void shouldForgetMessageKeysWhenTheSourceStartsANewSession() throws Exception {
        SqliteMessageStore first = store(1_000_000);
        get(first.add(List.of(Readings.telemetry("pir-1", 1)), new MessageKey(42, false)));
        get(first.forgetMessageKeys()); // e.g. the LAN broker lost its sessions; packet ids start over
        get(first.close());
        open.remove(first);

        SqliteMessageStore second = store(1_000_000);
        boolean stored = get(second.add(List.of(Readings.telemetry("pir-1", 2)), new MessageKey(42, true)));

        assertTrue(stored, "the same id and payload in the new session is a new message");
        assertEquals(2, second.pendingReadings());
    }

    @Test
    void shouldKeepOnlyTheNewestMessageKeys() throws Exception {
        SqliteMessageStore first = store(100_000_000);
        List<Future<Boolean>> stored = new ArrayList<>();
        int n = RecentMessages.CAPACITY + 10;
        for (int i = 0; i < n; i++) {
            stored.add(first.add(List.of(Readings.rawNoise("n1", i)), new MessageKey(i, false)));
        }
        get(Future.all(stored));
        get(first.close());
        open.remove(first);

        SqliteMessageStore second = store(100_000_000);

        assertFalse(get(second.add(List.of(), new MessageKey(10, true))), "key 10 is the oldest kept");
        assertFalse(get(second.add(List.of(), new MessageKey(n - 1, true))));
        assertTrue(get(second.add(List.of(), new MessageKey(9, true))), "key 9 was forgotten: stored");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("buffer.db"));
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM lan_seen")) {
            rs.next();
            assertTrue(rs.getInt(1) <= RecentMessages.CAPACITY + 1, rs.getInt(1) + " rows");
        }
    }

    private SqliteMessageStore store(long maxBytes) throws Exception {
        SqliteMessageStore store = new SqliteMessageStore(dir.resolve("buffer.db"), maxBytes, Duration.ofMillis(10));
        open.add(store);
        get(store.open());
        return store;
    }

    static <T> T get(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
