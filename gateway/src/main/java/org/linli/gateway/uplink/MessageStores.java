package org.linli.gateway.uplink;

import org.linli.config.UplinkSettings;

/** The {@link MessageStore} the settings ask for. */
public final class MessageStores {
    /** What a reading costs in the heap compared with {@link DropPolicy#sizeOf}, for the memory store's bound. */
    private static final long HEAP_BYTES_PER_READING = 80;

    private MessageStores() {
    }

    /**
     * A store for {@code settings}, not yet opened: SQLite at {@code storePath}, or the heap, bounded
     * by {@code maxBufferBytes} and, in the heap, also by {@code maxBuffered} readings.
     */
    public static MessageStore create(UplinkSettings settings) {
        return switch (settings.store()) {
            case SQLITE -> new SqliteMessageStore(settings.storePath(), settings.maxBufferBytes(),
                    SqliteMessageStore.GROUP_WINDOW);
            case MEMORY -> new MemoryMessageStore(Math.min(settings.maxBufferBytes(),
                    settings.maxBuffered() * HEAP_BYTES_PER_READING));
        };
    }
}
