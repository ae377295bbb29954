package org.linli.wire;

import java.util.List;
import java.util.Objects;

/**
 * Meal records a gateway sends on {@link Topics#CANTEEN_MEALS}. Unlike reading batches they carry no
 * sequence number: each record is identified by its own event id, so a batch sent twice is harmless.
 */
public record MealBatch(String site, String gateway, long sentAt, List<MealRecord> records) {

    public MealBatch {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(gateway, "gateway");
        records = List.copyOf(records);
    }
}
