package org.linli.cloud.canteen;

import io.micronaut.http.HttpRequest;

import java.util.Optional;

/**
 * Who is asking, for the audit log. For now the caller names themself in the {@code X-Linli-Actor}
 * header or, for a page opened in a browser, the {@code actor} query parameter; the login that comes
 * later replaces this one place.
 */
public final class Actors {
    /** The header that names the person acting. */
    public static final String HEADER = "X-Linli-Actor";
    private static final int MAX = 100;

    private Actors() {
    }

    /** The actor, or empty when the request names none (or a blank or control-character one). */
    public static Optional<String> of(HttpRequest<?> request) {
        String actor = request.getHeaders().get(HEADER);
        if (actor == null || actor.isBlank()) {
            actor = request.getParameters().get("actor");
        }
        return clean(actor);
    }

    /** The actor from a request body field, when the header and query name none. */
    public static Optional<String> of(HttpRequest<?> request, String bodyActor) {
        Optional<String> named = of(request);
        return named.isPresent() ? named : clean(bodyActor);
    }

    static Optional<String> clean(String actor) {
        if (actor == null) {
            return Optional.empty();
        }
        String a = actor.strip();
        if (a.isEmpty() || a.length() > MAX || a.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        return Optional.of(a);
    }
}
