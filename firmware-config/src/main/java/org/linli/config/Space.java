package org.linli.config;

import java.util.List;

/**
 * A public space. It belongs to exactly one grid; its noise zone class and schedules are its own.
 *
 * @param id        unique within the site
 * @param name      display name
 * @param kind      plaza, green space, fire lane ...
 * @param grid      the grid responsible for it
 * @param noiseZone GB 3096 class of the space
 * @param schedules windows with allowed activities
 */
public record Space(String id, String name, SpaceKind kind, String grid, NoiseZone noiseZone,
                    List<Schedule> schedules) {

    public Space {
        schedules = List.copyOf(schedules);
    }
}
