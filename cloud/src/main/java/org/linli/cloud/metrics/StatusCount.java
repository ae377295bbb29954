package org.linli.cloud.metrics;

import io.micronaut.core.annotation.Introspected;

/** How many tickets are in one status. */
@Introspected
public record StatusCount(String status, long tickets) {
}
