package org.linli.cloud.canteen;

/**
 * What storing one batch of meal records did.
 *
 * @param stored       records new to the ledger
 * @param replays      records already there (same event id): nothing changed
 * @param doubleClaims new subsidised meals whose member, day and window were already claimed: flagged, pending review
 * @param anomalies    anomaly flags raised, double claims included
 * @param claimsChanged whether today's claims (or any day's) gained a meal
 */
public record LedgerResult(int stored, int replays, int doubleClaims, int anomalies, boolean claimsChanged) {
}
