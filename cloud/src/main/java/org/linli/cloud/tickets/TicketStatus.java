package org.linli.cloud.tickets;

/**
 * Where a ticket is in the loop: filed → dispatched → accepted → in progress → resolved → evaluated →
 * closed, plus returned (the worker sends it back to dispatch) and rejected (not a grid matter).
 */
public enum TicketStatus {
    FILED("已立案"),
    DISPATCHED("已派单"),
    ACCEPTED("已接单"),
    IN_PROGRESS("处置中"),
    RESOLVED("已办结"),
    EVALUATED("已评价"),
    CLOSED("已关闭"),
    RETURNED("已退回"),
    REJECTED("不予受理");

    private final String zh;

    TicketStatus(String zh) {
        this.zh = zh;
    }

    /** The status for staff, zh-CN. */
    public String zh() {
        return zh;
    }

    /** Whether the grid still owes work on it: everything before resolution, except a rejection. */
    public boolean open() {
        return switch (this) {
            case FILED, DISPATCHED, ACCEPTED, IN_PROGRESS, RETURNED -> true;
            case RESOLVED, EVALUATED, CLOSED, REJECTED -> false;
        };
    }

    /** Whether the ticket waits for someone to accept it (the accept deadline runs). */
    public boolean awaitsAccept() {
        return this == DISPATCHED || this == RETURNED;
    }
}
