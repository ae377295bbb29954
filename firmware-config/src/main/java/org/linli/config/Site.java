package org.linli.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A site inventory: one community with its grids, public spaces, gateways and canteens.
 * Instances come from {@link SiteLoader}, which has validated every reference.
 *
 * @param id       the site id, the first topic level after the version
 * @param name     display name, e.g. 花园社区
 * @param zone     the local time zone; day/night noise limits and meal windows are local time
 * @param grids    governance grids
 * @param spaces   public spaces
 * @param gateways gateways with their sensors
 * @param canteens elder canteens
 * @param rules    site-wide local rules ({@code rules:} at the top): the defaults of every space, which a
 *                 space's own {@code rules:} override key by key; {@link RuleOverrides#NONE} when absent
 */
public record Site(String id, String name, ZoneId zone, List<Grid> grids, List<Space> spaces,
                   List<GatewaySpec> gateways, List<Canteen> canteens, RuleOverrides rules) {

    public Site {
        grids = List.copyOf(grids);
        spaces = List.copyOf(spaces);
        gateways = List.copyOf(gateways);
        canteens = List.copyOf(canteens);
        rules = rules == null ? RuleOverrides.NONE : rules;
    }

    /** A site without site-wide rules. */
    public Site(String id, String name, ZoneId zone, List<Grid> grids, List<Space> spaces,
                List<GatewaySpec> gateways, List<Canteen> canteens) {
        this(id, name, zone, grids, spaces, gateways, canteens, RuleOverrides.NONE);
    }

    public Optional<Grid> grid(String gridId) {
        return grids.stream().filter(g -> g.id().equals(gridId)).findFirst();
    }

    public Optional<Space> space(String spaceId) {
        return spaces.stream().filter(s -> s.id().equals(spaceId)).findFirst();
    }

    public Optional<GatewaySpec> gateway(String gatewayId) {
        return gateways.stream().filter(g -> g.id().equals(gatewayId)).findFirst();
    }
}
