package org.linli.cloud.auth;

/**
 * What a staff member may do, regardless of which grid or canteen; {@link Access} also checks the
 * grid or canteen for the actions that concern one.
 */
public enum Action {
    /** Gateways, sensors, latest readings, commissioning reports (of visible grids). */
    VIEW_DEVICES,
    /** Public spaces with their noise and occupancy (of visible grids). */
    VIEW_SPACES,
    /** Alerts and tickets (of visible grids). */
    VIEW_TICKETS,
    /** A grid worker's part of the loop: accept, start, resolve, return, note (tickets of visible grids). */
    WORK_TICKETS,
    /** The holder's part above the worker: dispatch, escalate, evaluate, close, reject (tickets of visible grids). */
    MANAGE_TICKETS,
    /** Response, resolution and satisfaction figures (of visible grids). */
    VIEW_KPIS,
    /** Today's meals, subsidies and anomalies of a canteen. */
    VIEW_CANTEEN,
    /** Roster, anomaly review and other changes at a canteen. */
    OPERATE_CANTEEN,
    /** Read and download settlements. */
    VIEW_SETTLEMENTS,
    /** Ingest counters and refused payload samples: operations staff only. */
    VIEW_INGEST_STATS,
    /** Create and list user accounts. */
    MANAGE_USERS,
    /** Upload the site plan and place the spaces on it (the map of the spaces page). */
    EDIT_SITE_PLAN
}
