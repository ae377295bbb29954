package org.linli.gateway.metrics;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics} on the status page: the Prometheus text exposition of {@link GatewayMeters}. No
 * login, like the page itself: LAN only (gateway/README.md, "Metrics").
 */
public final class MetricsHandler implements Handler<RoutingContext> {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final GatewayMeters meters;

    public MetricsHandler(GatewayMeters meters) {
        this.meters = meters;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", CONTENT_TYPE).putHeader("Cache-Control", "no-store").end(meters.scrape());
    }
}
