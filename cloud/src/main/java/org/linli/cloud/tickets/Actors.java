package org.linli.cloud.tickets;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.HttpStatusException;
import jakarta.inject.Singleton;

/**
 * Who is acting on a request. Until the dashboard has a login, the body names the actor; this is the one
 * place to change when authentication arrives (then: the authenticated user's name, the body ignored).
 */
@Singleton
public class Actors {

    /** The actor of {@code request}; 400 when there is none. */
    public String actor(HttpRequest<?> request, String claimed) {
        if (claimed == null || claimed.isBlank()) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "actor is required (who does it)");
        }
        String actor = claimed.strip();
        if (actor.length() > 100) {
            throw new HttpStatusException(HttpStatus.BAD_REQUEST, "actor is longer than 100 characters");
        }
        return actor;
    }
}
