package org.linli.cloud.auth;

/** A user account that cannot be created as asked; the message says why and is safe to show. */
public final class AccountException extends RuntimeException {
    private final boolean conflict;

    public AccountException(String message, boolean conflict) {
        super(message);
        this.conflict = conflict;
    }

    /** True when the user name is taken (409), false for bad input (400). */
    public boolean conflict() {
        return conflict;
    }
}
