package org.linli.cloud.tickets;

import org.linli.config.Grid;
import org.linli.config.Site;
import org.linli.config.Space;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who holds a ticket: space → its grid → the grid's worker; one level up the grid head (the grid's own
 * {@code head}, else the nearest enclosing grid's), then the community. A level nobody fills passes
 * the ticket to the next one up, so a ticket always has a holder.
 */
public final class Routing {
    private final Site site;

    public Routing(Site site) {
        this.site = site;
    }

    /** A holder: the level and the person or body. */
    public record Assignment(Level level, String assignee) {
    }

    /** The space's grid and its first filled level from the worker up; empty for an unknown space. */
    public Optional<Route> route(String spaceId) {
        return site.space(spaceId).map(space -> new Route(space, assignee(space.grid(), Level.WORKER)));
    }

    /** Where a space's tickets go. */
    public record Route(Space space, Assignment assignment) {
        public String grid() {
            return space.grid();
        }
    }

    /** The holder at {@code level} (or the next filled level above it) for a grid. */
    public Assignment assignee(String gridId, Level level) {
        Grid grid = site.grid(gridId).orElse(null);
        if (level == Level.WORKER) {
            if (grid != null && !blank(grid.worker())) {
                return new Assignment(Level.WORKER, grid.worker());
            }
            level = Level.GRID_HEAD;
        }
        if (level == Level.GRID_HEAD) {
            Set<String> seen = new HashSet<>();
            for (Grid g = grid; g != null && seen.add(g.id()); g = g.parent() == null ? null : site.grid(g.parent()).orElse(null)) {
                if (!blank(g.head())) {
                    return new Assignment(Level.GRID_HEAD, g.head());
                }
            }
        }
        return new Assignment(Level.COMMUNITY, site.name());
    }

    /** The site's display name, the holder at community level. */
    public String community() {
        return site.name();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
