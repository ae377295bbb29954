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
 */
public record Site(String id, String name, ZoneId zone, List<Grid> grids, List<Space> spaces,
                   List<GatewaySpec> gateways, List<Canteen> canteens) {

    public Site {
        grids = List.copyOf(grids);
        spaces = List.copyOf(spaces);
        gateways = List.copyOf(gateways);
        canteens = List.copyOf(canteens);
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
