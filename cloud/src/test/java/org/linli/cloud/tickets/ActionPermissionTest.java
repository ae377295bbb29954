package org.linli.cloud.tickets;

import org.junit.jupiter.api.Test;
import org.linli.cloud.auth.Access;
import org.linli.cloud.auth.Role;
import org.linli.cloud.auth.StaffUser;
import org.linli.cloud.auth.TwoGridSite;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which ticket actions each role may take on a ticket of grid g1-1 (the policy of {@link Action#permission()}). */
class ActionPermissionTest {
    private final Access access = new Access(TwoGridSite.load());

    private Set<Action> allowed(StaffUser user, String grid) {
        return EnumSet.allOf(Action.class).stream().filter(a -> access.mayOnGrid(user, a.permission(), grid))
                .collect(Collectors.toSet());
    }

    @Test
    void shouldLetAGridWorkerAcceptStartResolveReturnAndNoteOnTheirGrid() {
        StaffUser li = new StaffUser("li", "李秀英", Role.GRID_WORKER, "g1-1");
        assertEquals(EnumSet.of(Action.ACCEPT, Action.START, Action.RESOLVE, Action.RETURN, Action.NOTE), allowed(li, "g1-1"));
        assertEquals(Set.of(), allowed(li, "g1-2"));
    }

    @Test
    void shouldLetAGridHeadTakeEveryActionInTheirGridAndBelow() {
        StaffUser wang = new StaffUser("wang", "王建华", Role.GRID_HEAD, "g1");
        assertEquals(EnumSet.allOf(Action.class), allowed(wang, "g1-1"));
        assertEquals(Set.of(), allowed(wang, "g2-1"));
    }

    @Test
    void shouldLetTheAdminTakeEveryActionAnywhere() {
        assertEquals(EnumSet.allOf(Action.class), allowed(new StaffUser("admin", null, Role.COMMUNITY_ADMIN, null), "g2-1"));
    }

    @Test
    void shouldGiveTheCanteenRolesNoTicketAction() {
        assertEquals(Set.of(), allowed(new StaffUser("zhou", null, Role.CANTEEN_OPERATOR, "canteen-1"), "g1-1"));
        assertEquals(Set.of(), allowed(new StaffUser("min", null, Role.CIVIL_AFFAIRS, null), "g1-1"));
    }
}
