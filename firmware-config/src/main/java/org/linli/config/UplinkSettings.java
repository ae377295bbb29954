package org.linli.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the gateway batches readings to the cloud and where it keeps them until the cloud has them.
 *
 * @param maxBatchReadings a batch is sent when it holds this many readings
 * @param maxBatchDelay    ... or when its oldest reading has waited this long
 * @param maxBuffered      readings kept by the {@link Store#MEMORY memory} store (a heap bound)
 * @param maxBufferBytes   bytes of readings and sealed batches the store keeps before it drops the
 *                         least valuable data first
 * @param store            where readings wait for the cloud's acknowledgement
 * @param storePath        the SQLite file of the {@link Store#SQLITE sqlite} store
 * @param healthInterval   how often the gateway publishes its retained health report (also on every connect)
 */
public record UplinkSettings(int maxBatchReadings, Duration maxBatchDelay, int maxBuffered, long maxBufferBytes,
                             Store store, Path storePath, Duration healthInterval) {

    /** 256 MiB: about two million readings, days of a busy site's data, a small part of an SD card. */
    public static final long DEFAULT_MAX_BUFFER_BYTES = 256L * 1024 * 1024;
    /** Where the durable buffer lives on a gateway. */
    public static final Path DEFAULT_STORE_PATH = Path.of("/var/lib/linli/buffer.db");
    /** How often the health report is published by default. */
    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(60);

    /** Where readings wait for the cloud's acknowledgement. */
    public enum Store {
        /** A SQLite file that survives restarts and power cuts. */
        SQLITE,
        /** The heap: lost when the process stops; for development and tests. */
        MEMORY
    }

    /** These settings with the default health interval. */
    public UplinkSettings(int maxBatchReadings, Duration maxBatchDelay, int maxBuffered, long maxBufferBytes,
                          Store store, Path storePath) {
        this(maxBatchReadings, maxBatchDelay, maxBuffered, maxBufferBytes, store, storePath, DEFAULT_HEALTH_INTERVAL);
    }

    /** The given batching with the default buffer: SQLite at the default path, 256 MiB. */
    public UplinkSettings(int maxBatchReadings, Duration maxBatchDelay, int maxBuffered) {
        this(maxBatchReadings, maxBatchDelay, maxBuffered, DEFAULT_MAX_BUFFER_BYTES, Store.SQLITE, DEFAULT_STORE_PATH);
    }

    /** Defaults: 200 readings or 1 s per batch, 100,000 readings in memory, a 256 MiB SQLite buffer. */
    public static UplinkSettings defaults() {
        return new UplinkSettings(200, Duration.ofSeconds(1), 100_000);
    }

    /** These settings with another store. */
    public UplinkSettings withStore(Store store, Path storePath, long maxBufferBytes) {
        return new UplinkSettings(maxBatchReadings, maxBatchDelay, maxBuffered, maxBufferBytes, store, storePath,
                healthInterval);
    }
}
