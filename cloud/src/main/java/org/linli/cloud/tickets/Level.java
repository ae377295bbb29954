package org.linli.cloud.tickets;

/** Who holds a ticket; escalation moves it one level up. */
public enum Level {
    /** The grid worker (网格员) of the space's grid. */
    WORKER("网格员"),
    /** The grid head (网格长): the grid's own head or its parent grid's. */
    GRID_HEAD("网格长"),
    /** The community (社区), the top of the grid; a ticket stays here once escalated. */
    COMMUNITY("社区");

    private final String zh;

    Level(String zh) {
        this.zh = zh;
    }

    /** The level for staff, zh-CN. */
    public String zh() {
        return zh;
    }

    /** The next level up; the community stays the community. */
    public Level up() {
        return this == COMMUNITY ? COMMUNITY : values()[ordinal() + 1];
    }
}
