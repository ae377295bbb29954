package org.linli.gateway.counter;

/** Why a meal is or is not subsidised; each {@link Decision} carries one, with zh-CN and English text. */
public enum ReasonCode {
    /** Subsidised. */
    OK,
    /** The terminal did not match the face (or the score was below the policy's minimum): offer a non-face method. */
    FACE_NOT_MATCHED,
    /** The policy does not accept this verification method here. */
    METHOD_NOT_ALLOWED,
    /** Nobody in the roster has this face, card, ID or PIN. */
    NOT_IN_ROSTER,
    /** In the roster but not active (suspended, moved away, deceased). */
    INACTIVE,
    /** Not inside any meal window. */
    OUTSIDE_WINDOW,
    /** Already had a subsidised meal in this window, at this or another canteen. */
    ALREADY_HAD_MEAL,
    /** The policy requires residency and the roster says the member does not meet it. */
    NOT_RESIDENT,
    /** Younger than every tier that could apply to the member: pays the full price. */
    UNDER_AGE,
    /** No tier applies at any age (e.g. a policy only for hardship groups). */
    NO_TIER,
    /** The day's subsidised meals or subsidy amount are used up. */
    DAILY_CAP_REACHED
}
