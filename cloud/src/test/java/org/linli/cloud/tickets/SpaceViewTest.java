package org.linli.cloud.tickets;

import org.junit.jupiter.api.Test;
import org.linli.cloud.auth.TwoGridSite;
import org.linli.config.Site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code GET /api/spaces}' view of a space shows the local rules its rules apply. */
class SpaceViewTest {
    static final Site SITE = TwoGridSite.load();

    static TicketViews.SpaceView view(String space) {
        return TicketViews.SpaceView.of(SITE.space(space).orElseThrow(), SITE, new Routing(SITE));
    }

    @Test
    void shouldShowASpacesOwnEndTimeAndCap() {
        TicketViews.SpaceView west = view("plaza-west");

        assertEquals("space", west.rules());
        assertEquals("21:00", west.endTime());
        assertEquals(70.0, west.boundaryCapDb());
        assertNull(west.dwellMinutes(), "a plaza is not watched for encroachment");
    }

    @Test
    void shouldShowTheDefaultsOfASpaceWithoutLocalRules() {
        TicketViews.SpaceView lane = view("fire-lane-3");

        assertEquals("defaults", lane.rules());
        assertNull(lane.endTime());
        assertNull(lane.boundaryCapDb());
        assertEquals(5L, lane.dwellMinutes(), "the fire lane's default dwell");
    }
}
