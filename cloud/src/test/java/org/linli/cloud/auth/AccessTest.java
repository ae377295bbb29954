package org.linli.cloud.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessTest {
    private final Access access = new Access(TwoGridSite.load());
    private final StaffUser admin = new StaffUser("admin", "管理员", Role.COMMUNITY_ADMIN, null);
    private final StaffUser head = new StaffUser("wang", "王建华", Role.GRID_HEAD, "g1");
    private final StaffUser worker = new StaffUser("li", "李秀英", Role.GRID_WORKER, "g1-1");
    private final StaffUser operator = new StaffUser("zhou", "周", Role.CANTEEN_OPERATOR, "canteen-1");
    private final StaffUser civil = new StaffUser("min", "民政", Role.CIVIL_AFFAIRS, null);

    @Test
    void shouldLetTheAdminSeeEveryKnownGrid() {
        assertEquals(Set.of("g1", "g1-1", "g1-2", "g2", "g2-1"), access.visibleGrids(admin));
    }

    @Test
    void shouldLetAGridHeadSeeTheirGridAndEveryGridBelowIt() {
        assertEquals(Set.of("g1", "g1-1", "g1-2"), access.visibleGrids(head));
        assertFalse(access.canSeeGrid(head, "g2-1"));
        assertFalse(access.canSeeGrid(head, "g2"));
    }

    @Test
    void shouldLetAGridWorkerSeeOnlyTheirOwnGrid() {
        assertEquals(Set.of("g1-1"), access.visibleGrids(worker));
        assertFalse(access.canSeeGrid(worker, "g1-2"), "a sibling grid");
        assertFalse(access.canSeeGrid(worker, "g1"), "the parent grid");
    }

    @Test
    void shouldNeverShowAGridTheSiteDoesNotKnow() {
        assertFalse(access.canSeeGrid(admin, "g9"));
        assertFalse(access.canSeeGrid(admin, null));
        assertFalse(access.canSeeGrid(admin, "' OR 1=1 --"));
    }

    @Test
    void shouldShowNoGridToTheCanteenRoles() {
        assertEquals(Set.of(), access.visibleGrids(operator));
        assertEquals(Set.of(), access.visibleGrids(civil));
        assertFalse(access.may(operator, Action.VIEW_DEVICES));
        assertFalse(access.may(civil, Action.VIEW_TICKETS));
    }

    @Test
    void shouldJudgeSpacesByTheirGrid() {
        assertTrue(access.canSeeSpace(worker, "plaza-east"));
        assertFalse(access.canSeeSpace(worker, "plaza-west"));
        assertTrue(access.canSeeSpace(head, "plaza-west"));
        assertFalse(access.canSeeSpace(head, "green-north"));
        assertFalse(access.canSeeSpace(admin, "no-such-space"));
    }

    @Test
    void shouldLetOnlyTheAdminManageUsersAndSeeIngestCounters() {
        for (StaffUser u : List.of(head, worker, operator, civil)) {
            assertFalse(access.may(u, Action.MANAGE_USERS), u.role().name());
            assertFalse(access.may(u, Action.VIEW_INGEST_STATS), u.role().name());
        }
        assertTrue(access.may(admin, Action.MANAGE_USERS));
    }

    @Test
    void shouldLetGridStaffWorkTicketsOnlyInTheirGrids() {
        assertTrue(access.mayOnGrid(worker, Action.WORK_TICKETS, "g1-1"));
        assertFalse(access.mayOnGrid(worker, Action.WORK_TICKETS, "g1-2"));
        assertTrue(access.mayOnGrid(head, Action.WORK_TICKETS, "g1-2"));
        assertFalse(access.mayOnGrid(civil, Action.WORK_TICKETS, "g1-1"));
    }

    @Test
    void shouldLetACanteenOperatorActOnlyAtTheirCanteen() {
        assertTrue(access.mayOnCanteen(operator, Action.OPERATE_CANTEEN, "canteen-1"));
        assertTrue(access.mayOnCanteen(operator, Action.VIEW_SETTLEMENTS, "canteen-1"));
        assertFalse(access.mayOnCanteen(operator, Action.OPERATE_CANTEEN, "canteen-2"));
        assertFalse(access.mayOnCanteen(operator, Action.VIEW_SETTLEMENTS, "canteen-2"));
    }

    @Test
    void shouldLetCivilAffairsReadEverySettlementButChangeNothing() {
        assertEquals(Set.of("canteen-1", "canteen-2"), access.canteens(civil, Action.VIEW_SETTLEMENTS));
        assertFalse(access.mayOnCanteen(civil, Action.OPERATE_CANTEEN, "canteen-1"));
        assertTrue(access.mayOnCanteen(civil, Action.VIEW_CANTEEN, "canteen-1"), "today and anomalies, read only");
    }

    @Test
    void shouldKeepGridStaffAwayFromCanteens() {
        assertFalse(access.mayOnCanteen(head, Action.VIEW_CANTEEN, "canteen-1"));
        assertFalse(access.mayOnCanteen(worker, Action.VIEW_SETTLEMENTS, "canteen-1"));
        assertFalse(access.mayOnCanteen(admin, Action.VIEW_CANTEEN, "canteen-9"), "an unknown canteen");
    }

    @Test
    void shouldWalkTheHierarchyUpwardsOnly() {
        assertTrue(access.isWithin("g1-2", "g1"));
        assertTrue(access.isWithin("g1", "g1"));
        assertFalse(access.isWithin("g1", "g1-2"));
        assertFalse(access.isWithin("g1-1", null));
    }

    @Test
    void shouldRequireAScopeForScopedRoles() {
        assertThrows(IllegalArgumentException.class, () -> new StaffUser("x", "x", Role.GRID_WORKER, null));
        assertEquals(null, new StaffUser("x", "x", Role.COMMUNITY_ADMIN, "g1").scope(), "an admin has no scope");
    }

    @Test
    void shouldLetAGridWorkerWorkButNotManageTheTicketsOfTheirGrid() {
        assertTrue(access.mayOnGrid(worker, Action.WORK_TICKETS, "g1-1"));
        assertFalse(access.mayOnGrid(worker, Action.MANAGE_TICKETS, "g1-1"), "dispatch, escalate, evaluate, close, reject");
    }

    @Test
    void shouldLetAGridHeadManageTheTicketsOfTheGridsBelowOnly() {
        assertTrue(access.mayOnGrid(head, Action.MANAGE_TICKETS, "g1-2"));
        assertTrue(access.mayOnGrid(head, Action.MANAGE_TICKETS, "g1"));
        assertFalse(access.mayOnGrid(head, Action.MANAGE_TICKETS, "g2-1"));
        assertTrue(access.mayOnGrid(admin, Action.MANAGE_TICKETS, "g2-1"));
    }

    @Test
    void shouldGiveTheCanteenRolesNoTicketAction() {
        for (StaffUser u : List.of(operator, civil)) {
            for (Action a : List.of(Action.VIEW_TICKETS, Action.WORK_TICKETS, Action.MANAGE_TICKETS, Action.VIEW_KPIS)) {
                assertFalse(access.may(u, a), u.role() + " " + a);
            }
        }
    }

    @Test
    void shouldSendLiveEventsOnlyForVisibleGridsAndGatewayEventsOnlyToTheAdmin() {
        assertTrue(access.canSeeEvent(worker, "g1-1"));
        assertFalse(access.canSeeEvent(worker, "g1-2"));
        assertTrue(access.canSeeEvent(head, "g1-2"));
        assertFalse(access.canSeeEvent(head, null), "a gateway's event names no grid");
        assertTrue(access.canSeeEvent(admin, null));
        assertFalse(access.canSeeEvent(operator, "g1-1"));
    }
}
