package org.linli.cloud.tickets;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /api/openapi.yml}: the hand-written OpenAPI document of the JSON API (resource {@code openapi/linli-api.yml}). */
@Controller("/api")
@Secured(SecurityRule.IS_AUTHENTICATED)
public class OpenApiController {
    private final String document;

    public OpenApiController() {
        try (InputStream in = OpenApiController.class.getResourceAsStream("/openapi/linli-api.yml")) {
            if (in == null) {
                throw new IllegalStateException("resource openapi/linli-api.yml is missing from the build");
            }
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Get(uri = "/openapi.yml", produces = "application/yaml")
    HttpResponse<String> openapi() {
        return HttpResponse.ok(document);
    }
}
