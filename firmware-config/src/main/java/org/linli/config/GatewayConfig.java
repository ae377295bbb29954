package org.linli.config;

import java.util.List;

/**
 * Everything one gateway needs at boot. Rendered per gateway from the site inventory and loaded by
 * {@link GatewayConfigLoader}.
 *
 * @param site         site id
 * @param gateway      this gateway's id
 * @param gpioProvider which Pi4J platform to read pins through
 * @param lanBroker    the local broker LAN sensors and terminals publish to
 * @param cloudBroker  the cloud broker batches go to
 * @param uplink       batching and buffering
 * @param sensors      the sensors this gateway reads
 * @param occupancy    how occupancy sensors report their state
 */
public record GatewayConfig(String site, String gateway, GpioProvider gpioProvider, BrokerSettings lanBroker,
                            BrokerSettings cloudBroker, UplinkSettings uplink, List<SensorSpec> sensors,
                            OccupancySettings occupancy) {

    public GatewayConfig {
        sensors = List.copyOf(sensors);
    }

    /** A config with the default occupancy settings. */
    public GatewayConfig(String site, String gateway, GpioProvider gpioProvider, BrokerSettings lanBroker,
                         BrokerSettings cloudBroker, UplinkSettings uplink, List<SensorSpec> sensors) {
        this(site, gateway, gpioProvider, lanBroker, cloudBroker, uplink, sensors, OccupancySettings.defaults());
    }
}
