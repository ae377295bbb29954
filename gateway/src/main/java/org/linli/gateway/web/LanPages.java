package org.linli.gateway.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the gateway's two LAN pages (the status page and the canteen counter page) share: their
 * security headers and their server-sent event streams.
 *
 * <p>The pages have no login and are reachable on the LAN only; a stream is one phone or counter
 * display, so a few are allowed at once, a client that stops reading is dropped rather than buffered
 * for (its browser reconnects), and a comment line every {@code heartbeat} keeps idle connections
 * from being closed by the browser or a proxy. All methods but {@link #size()} run on the owning
 * verticle's event loop.
 */
public final class LanPages {
    /** Inline scripts and styles only, nothing from elsewhere, never framed. */
    static final String CSP = "default-src 'none'; connect-src 'self'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

    private LanPages() {
    }

    /** Adds the pages' security headers to every response of {@code router}. */
    public static void secureHeaders(Router router) {
        router.route().handler(ctx -> {
            ctx.response().putHeader("Content-Security-Policy", CSP)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("Cache-Control", "no-store");
            ctx.next();
        });
    }

    /** The open event streams of one page. */
    public static final class EventStreams {
        private final int max;
        private final Duration retry;
        private final Set<HttpServerResponse> open = ConcurrentHashMap.newKeySet();
        private long heartbeatTimer = -1;

        /**
         * @param max   streams open at most; one more is answered 503
         * @param retry how long a browser waits before it reconnects a closed stream
         */
        public EventStreams(int max, Duration retry) {
            this.max = max;
            this.retry = retry;
        }

        /**
         * Answers {@code ctx} with an event stream and keeps it open, or with 503 when {@code max} are
         * open already.
         *
         * @param first events written first on the new stream only (e.g. the page's current state), or empty
         */
        public void open(RoutingContext ctx, String first) {
            if (open.size() >= max) {
                ctx.response().setStatusCode(503).end("too many open event streams");
                return;
            }
            HttpServerResponse res = ctx.response();
            res.setChunked(true)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
            open.add(res);
            res.closeHandler(v -> open.remove(res));
            res.exceptionHandler(e -> open.remove(res));
            res.write("retry: " + retry.toMillis() + "\n\n" + first);
        }

        /** Whether any stream is open: callers skip formatting events for nobody. */
        public boolean isEmpty() {
            return open.isEmpty();
        }

        /** How many streams are open. */
        public int size() {
            return open.size();
        }

        /** Sends {@code data} as an event named {@code event} to every open stream. */
        public void push(String event, JsonObject data) {
            if (!open.isEmpty()) {
                broadcast(event(event, data));
            }
        }

        /** Writes a heartbeat comment to every stream every {@code every}, until {@link #close(Vertx)}. */
        public void startHeartbeat(Vertx vertx, Duration every) {
            heartbeatTimer = vertx.setPeriodic(every.toMillis(), id -> broadcast(": keep-alive\n\n"));
        }

        /** Stops the heartbeat and ends every stream. */
        public void close(Vertx vertx) {
            if (heartbeatTimer >= 0) {
                vertx.cancelTimer(heartbeatTimer);
                heartbeatTimer = -1;
            }
            open.forEach(HttpServerResponse::end);
            open.clear();
        }

        private void broadcast(String message) {
            for (HttpServerResponse r : open) {
                if (r.closed() || r.ended()) {
                    open.remove(r);
                } else if (r.writeQueueFull()) {
                    // A phone that stopped reading: drop it rather than buffer for it; it reconnects.
                    open.remove(r);
                    r.reset();
                } else {
                    r.write(message);
                }
            }
        }
    }

    /**
     * One page's HTTP server and its event streams: listens, sends heartbeats while it runs, and on
     * {@link #close()} ends the streams before the server.
     */
    public static final class Server {
        private final Vertx vertx;
        private final EventStreams streams;
        private final Duration heartbeat;
        private volatile HttpServer server;

        public Server(Vertx vertx, EventStreams streams, Duration heartbeat) {
            this.vertx = vertx;
            this.streams = streams;
            this.heartbeat = heartbeat;
        }

        /**
         * Listens on {@code host:port} with {@code router}; fails with a message naming {@code page} and
         * the {@code setting} that chose the address.
         */
        public Future<HttpServer> listen(Router router, String host, int port, String page, String setting) {
            return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                    .requestHandler(router)
                    .listen()
                    .recover(e -> Future.failedFuture(new IllegalStateException(page + ": cannot listen on " + host + ":"
                            + port + " (" + setting + "): " + e.getMessage(), e)))
                    .onSuccess(s -> {
                        server = s;
                        streams.startHeartbeat(vertx, heartbeat);
                    });
        }

        /** The port it listens on (the free one chosen for port 0); -1 before it listens. */
        public int port() {
            HttpServer s = server;
            return s == null ? -1 : s.actualPort();
        }

        /** Ends the streams and closes the server; never fails. */
        public Future<Void> close() {
            streams.close(vertx);
            HttpServer s = server;
            return s == null ? Future.succeededFuture() : s.close().otherwiseEmpty();
        }
    }

    /** One server-sent event. */
    public static String event(String event, JsonObject data) {
        return "event: " + event + "\ndata: " + data.encode() + "\n\n";
    }
}
