package org.linli.gateway.uplink;

import io.vertx.core.Future;
import org.linli.wire.Reading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A load driver, not a test: how many readings a second the SQLite store takes on this machine, with
 * every reading committed (synchronous=FULL) before its future completes. Two shapes: a burst (pins
 * and many sensors at once) and at most 20 unacknowledged readings, as Mosquitto's
 * {@code max_inflight_messages} lets a LAN subscriber have.
 *
 * <pre>{@code
 * mvn -q -o -pl gateway dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp gateway/target/test-classes:gateway/target/classes:$(cat gateway/target/cp.txt) \
 *     org.linli.gateway.uplink.StoreLoad [DIR] [READINGS]
 * }</pre>
 */
public final class StoreLoad {
    private StoreLoad() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("linli-store-load");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        burst(dir.resolve("burst.db"), n);
        inflight(dir.resolve("inflight.db"), n / 5, 20);
    }

    private static void burst(Path db, int n) throws Exception {
        SqliteMessageStore store = open(db);
        long start = System.nanoTime();
        List<Future<Void>> stored = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            stored.add(store.add(reading(i)));
        }
        get(Future.all(stored));
        report("burst", n, System.nanoTime() - start, store);
        get(store.close());
    }

    private static void inflight(Path db, int n, int window) throws Exception {
        SqliteMessageStore store = open(db);
        Semaphore room = new Semaphore(window);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            room.acquire();
            store.add(reading(i)).onComplete(ar -> room.release());
        }
        room.acquire(window);
        report("at most " + window + " in flight", n, System.nanoTime() - start, store);
        get(store.close());
    }

    private static SqliteMessageStore open(Path db) throws Exception {
        Files.deleteIfExists(db);
        SqliteMessageStore store = new SqliteMessageStore(db, 1L << 30, SqliteMessageStore.GROUP_WINDOW);
        get(store.open());
        return store;
    }

    private static Reading reading(int i) {
        return Reading.of("noise-" + (i % 20), 1_763_800_000_000L + i, "la", 40 + i % 50, "dBA");
    }

    private static void report(String shape, int n, long nanos, SqliteMessageStore store) {
        double seconds = nanos / 1e9;
        System.out.printf("%s: %d readings in %.2f s = %.0f readings/s, %d commits (%.1f readings per commit)%n",
                shape, n, seconds, n / seconds, store.commits(), (double) n / Math.max(1, store.commits()));
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    }
}
