package org.linli.cloud.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import jakarta.inject.Singleton;
import org.linli.cloud.ingest.LogThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A form body Netty cannot decode (a broken %-escape, say) is the client's mistake: 400 naming it,
 * not the 500 Micronaut answers for an exception nobody handles. Found by HttpFuzzIT on {@code /login}.
 */
@Produces
@Singleton
@Requires(classes = {HttpPostRequestDecoder.ErrorDataDecoderException.class, ExceptionHandler.class})
public final class BadFormHandler
        implements ExceptionHandler<HttpPostRequestDecoder.ErrorDataDecoderException, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(BadFormHandler.class);

    private final AtomicLong refused = new AtomicLong();
    private final LogThrottle throttle = new LogThrottle(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(1));

    @Override
    public HttpResponse<?> handle(HttpRequest request, HttpPostRequestDecoder.ErrorDataDecoderException e) {
        long count = refused.incrementAndGet();
        if (throttle.acquire("bad-form").isPresent()) {
            LOG.warn("refused a form body that is not application/x-www-form-urlencoded ({} so far): {} {}: {}",
                    count, request.getMethod(), request.getPath(), e.getMessage());
        }
        return HttpResponse.badRequest(Map.of("error", "bad-form",
                "message", "the body is not valid application/x-www-form-urlencoded"));
    }

    /** Bodies refused since start. */
    public long refused() {
        return refused.get();
    }
}
