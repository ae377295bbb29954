package org.linli.cloud.app;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Settings under {@code linli.spool}: the local durable buffer between MQTT and InfluxDB, and the
 * batched writes from it.
 *
 * @param path             directory of the spool's segment files ({@code LINLI_SPOOL_PATH}); must survive a
 *                         restart, and belong to this instance alone; {@code <linli.data-dir>/spool} by
 *                         default (application.yml)
 * @param capMegabytes     most MiB of batches held before acknowledgements stop (backpressure)
 * @param segmentMegabytes size of one segment file
 * @param batchPoints      most points in one InfluxDB write
 * @param batchDelay       longest a batch waits in the spool for a fuller write
 * @param writers          InfluxDB writes in flight at once
 */
@ConfigurationProperties("linli.spool")
public record SpoolSettings(
        @NotBlank(message = "linli.spool.path (env LINLI_SPOOL_PATH) must name a directory")
        String path,
        @Bindable(defaultValue = "1024")
        @Min(value = 1, message = "linli.spool.cap-megabytes must be at least 1")
        long capMegabytes,
        @Bindable(defaultValue = "64")
        @Min(value = 1, message = "linli.spool.segment-megabytes must be at least 1")
        @Max(value = 1024, message = "linli.spool.segment-megabytes must be at most 1024")
        long segmentMegabytes,
        @Bindable(defaultValue = "5000")
        @Min(value = 1, message = "linli.spool.batch-points must be at least 1")
        @Max(value = 100_000, message = "linli.spool.batch-points must be at most 100000")
        int batchPoints,
        @Bindable(defaultValue = "1s")
        @NotNull(message = "linli.spool.batch-delay must be a duration such as 1s")
        Duration batchDelay,
        @Bindable(defaultValue = "2")
        @Min(value = 1, message = "linli.spool.writers must be at least 1")
        @Max(value = 16, message = "linli.spool.writers must be at most 16")
        int writers) {

    long capBytes() {
        return capMegabytes * 1024 * 1024;
    }

    long segmentBytes() {
        return segmentMegabytes * 1024 * 1024;
    }
}
