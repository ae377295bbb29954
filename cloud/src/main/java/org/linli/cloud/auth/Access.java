package org.linli.cloud.auth;

import org.linli.config.Canteen;
import org.linli.config.Grid;
import org.linli.config.Site;
import org.linli.config.Space;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who may see or do what, for the site's grid hierarchy and canteens. Pure: the site in, yes or no
 * out. Every API asks it on the server; the pages only use it to hide what would be refused anyway.
 *
 * <ul>
 *   <li>{@link Role#COMMUNITY_ADMIN}: everything.</li>
 *   <li>{@link Role#GRID_HEAD}: their grid and every grid below it (children, grandchildren); on tickets
 *       there both the worker's actions ({@link Action#WORK_TICKETS}) and the holder's
 *       ({@link Action#MANAGE_TICKETS}: dispatch, escalate, evaluate, close, reject).</li>
 *   <li>{@link Role#GRID_WORKER}: their own grid; on its tickets accept, start, resolve, return, note.</li>
 *   <li>{@link Role#CANTEEN_OPERATOR}: their own canteen, settlements included.</li>
 *   <li>{@link Role#CIVIL_AFFAIRS}: every canteen read only: today's meals, the anomalies and their reviews,
 *       the settlements; reviewing is the operator's (the officer checks the review, not the meal).</li>
 * </ul>
 * The canteen roles see no grid, so no alert, ticket or KPI, and may take no ticket action. Live events
 * that name no grid (a gateway's outage) go to the community admin only.
 * An id the site does not know is never visible, not even to the admin: it names nothing.
 */
public final class Access {
    private static final Map<Role, Set<Action>> ALLOWED = Map.of(
            Role.COMMUNITY_ADMIN, EnumSet.allOf(Action.class),
            Role.GRID_HEAD, EnumSet.of(Action.VIEW_DEVICES, Action.VIEW_SPACES, Action.VIEW_TICKETS,
                    Action.WORK_TICKETS, Action.MANAGE_TICKETS, Action.VIEW_KPIS),
            Role.GRID_WORKER, EnumSet.of(Action.VIEW_DEVICES, Action.VIEW_SPACES, Action.VIEW_TICKETS,
                    Action.WORK_TICKETS, Action.VIEW_KPIS),
            Role.CANTEEN_OPERATOR, EnumSet.of(Action.VIEW_CANTEEN, Action.OPERATE_CANTEEN, Action.VIEW_SETTLEMENTS),
            Role.CIVIL_AFFAIRS, EnumSet.of(Action.VIEW_CANTEEN, Action.VIEW_SETTLEMENTS));

    private final Map<String, Grid> grids;
    private final Map<String, String> gridOfSpace;
    private final Set<String> canteens;

    public Access(Site site) {
        this.grids = site.grids().stream().collect(Collectors.toUnmodifiableMap(Grid::id, Function.identity()));
        this.gridOfSpace = site.spaces().stream().collect(Collectors.toUnmodifiableMap(Space::id, Space::grid));
        this.canteens = site.canteens().stream().map(Canteen::id).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether the role allows {@code action} at all (somewhere). */
    public boolean may(StaffUser user, Action action) {
        return ALLOWED.get(user.role()).contains(action);
    }

    /** Whether {@code user} may see what belongs to grid {@code gridId}: alerts, tickets, spaces, devices. */
    public boolean canSeeGrid(StaffUser user, String gridId) {
        if (gridId == null || !grids.containsKey(gridId)) {
            return false;
        }
        return switch (user.role()) {
            case COMMUNITY_ADMIN -> true;
            case GRID_HEAD -> isWithin(gridId, user.scope());
            case GRID_WORKER -> gridId.equals(user.scope());
            case CANTEEN_OPERATOR, CIVIL_AFFAIRS -> false;
        };
    }

    /** Whether {@code user} may do {@code action} on what belongs to grid {@code gridId}. */
    public boolean mayOnGrid(StaffUser user, Action action, String gridId) {
        return may(user, action) && canSeeGrid(user, gridId);
    }

    /** Whether {@code user} may see a live event of grid {@code gridId}; null (a gateway's event): the admin only. */
    public boolean canSeeEvent(StaffUser user, String gridId) {
        if (!may(user, Action.VIEW_TICKETS)) {
            return false;
        }
        return gridId == null ? user.role() == Role.COMMUNITY_ADMIN : canSeeGrid(user, gridId);
    }

    /** Whether {@code user} may see space {@code spaceId} (through its grid). */
    public boolean canSeeSpace(StaffUser user, String spaceId) {
        String grid = spaceId == null ? null : gridOfSpace.get(spaceId);
        return grid != null && may(user, Action.VIEW_SPACES) && canSeeGrid(user, grid);
    }

    /** Whether {@code user} may do {@code action} at canteen {@code canteenId}. */
    public boolean mayOnCanteen(StaffUser user, Action action, String canteenId) {
        if (canteenId == null || !canteens.contains(canteenId) || !may(user, action)) {
            return false;
        }
        return switch (user.role()) {
            case COMMUNITY_ADMIN, CIVIL_AFFAIRS -> true;
            case CANTEEN_OPERATOR -> canteenId.equals(user.scope());
            case GRID_HEAD, GRID_WORKER -> false;
        };
    }

    /** The grids {@code user} may see, in the site's order; empty for the canteen roles. */
    public Set<String> visibleGrids(StaffUser user) {
        Set<String> visible = new LinkedHashSet<>();
        for (String id : grids.keySet().stream().sorted().toList()) {
            if (canSeeGrid(user, id)) {
                visible.add(id);
            }
        }
        return visible;
    }

    /** The canteens at which {@code user} may do {@code action}. */
    public Set<String> canteens(StaffUser user, Action action) {
        return canteens.stream().sorted().filter(c -> mayOnCanteen(user, action, c))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Whether {@code gridId} is {@code ancestorId} or lies below it. A broken chain (cycle, unknown parent) ends the walk. */
    public boolean isWithin(String gridId, String ancestorId) {
        if (ancestorId == null) {
            return false;
        }
        String current = gridId;
        for (int depth = 0; current != null && depth <= grids.size(); depth++) {
            if (current.equals(ancestorId)) {
                return true;
            }
            Grid g = grids.get(current);
            current = g == null ? null : g.parent();
        }
        return false;
    }

    /** Whether the site knows grid {@code gridId}. */
    public boolean knowsGrid(String gridId) {
        return gridId != null && grids.containsKey(gridId);
    }

    /** Whether the site knows canteen {@code canteenId}. */
    public boolean knowsCanteen(String canteenId) {
        return canteenId != null && canteens.contains(canteenId);
    }
}
