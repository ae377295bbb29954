package org.linli.cloud.tickets;

import jakarta.inject.Singleton;
import org.linli.cloud.auth.StaffUser;

/**
 * Who is acting on a request: the logged-in staff member's username (never a name from the request
 * body), as the ticket history records it.
 */
@Singleton
public class Actors {

    /** The actor recorded for {@code user}'s action. */
    public String actor(StaffUser user) {
        return user.username();
    }
}
