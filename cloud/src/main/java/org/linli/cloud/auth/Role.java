package org.linli.cloud.auth;

/**
 * What a staff member is. The scope a role needs (a grid or a canteen) is held beside it in
 * {@link StaffUser#scope()}.
 */
public enum Role {
    /** 社区管理员: everything, including user accounts. No scope. */
    COMMUNITY_ADMIN(false),
    /** 网格长: their grid and every grid below it. Scope: a grid id (usually level 1). */
    GRID_HEAD(true),
    /** 网格员: their own grid only. Scope: a grid id (level 3). */
    GRID_WORKER(true),
    /** 食堂运营: their own canteen. Scope: a canteen id. */
    CANTEEN_OPERATOR(true),
    /** 民政专员: canteen settlements of every canteen, read-only. No scope. */
    CIVIL_AFFAIRS(false);

    private final boolean scoped;

    Role(boolean scoped) {
        this.scoped = scoped;
    }

    /** Whether the role needs a scope (grid or canteen id). */
    public boolean scoped() {
        return scoped;
    }

    /** Whether the scope names a grid (otherwise a canteen, or nothing). */
    public boolean gridScoped() {
        return this == GRID_HEAD || this == GRID_WORKER;
    }

    /** The role by its name, e.g. {@code GRID_WORKER}; empty for anything else. */
    public static java.util.Optional<Role> parse(String name) {
        if (name == null) {
            return java.util.Optional.empty();
        }
        for (Role r : values()) {
            if (r.name().equals(name)) {
                return java.util.Optional.of(r);
            }
        }
        return java.util.Optional.empty();
    }
}
