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
 * @param rules     its local rules ({@code rules:}); {@link RuleOverrides#NONE} when it has none
 */
public record Space(String id, String name, SpaceKind kind, String grid, NoiseZone noiseZone,
                    List<Schedule> schedules, RuleOverrides rules) {

    public Space {
        schedules = List.copyOf(schedules);
        rules = rules == null ? RuleOverrides.NONE : rules;
    }

    /** A space without local rules: the site's and the cloud's defaults apply. */
    public Space(String id, String name, SpaceKind kind, String grid, NoiseZone noiseZone, List<Schedule> schedules) {
        this(id, name, kind, grid, noiseZone, schedules, RuleOverrides.NONE);
    }
}
