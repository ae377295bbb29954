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
 * @param statusPage   the installer's status page
 * @param canteen      the elder-canteen counter on this gateway, or null when it has none
 */
public record GatewayConfig(String site, String gateway, GpioProvider gpioProvider, BrokerSettings lanBroker,
                            BrokerSettings cloudBroker, UplinkSettings uplink, List<SensorSpec> sensors,
                            OccupancySettings occupancy, StatusPageSettings statusPage,
                            CanteenSettings canteen) {

    public GatewayConfig {
        sensors = List.copyOf(sensors);
        if (occupancy == null) {
            occupancy = OccupancySettings.defaults();
        }
        if (statusPage == null) {
            statusPage = StatusPageSettings.defaults();
        }
    }

    /** A config without a canteen counter. */
    public GatewayConfig(String site, String gateway, GpioProvider gpioProvider, BrokerSettings lanBroker,
                         BrokerSettings cloudBroker, UplinkSettings uplink, List<SensorSpec> sensors,
                         OccupancySettings occupancy, StatusPageSettings statusPage) {
        this(site, gateway, gpioProvider, lanBroker, cloudBroker, uplink, sensors, occupancy, statusPage, null);
    }

    /** A config with the default occupancy settings and status page. */
    public GatewayConfig(String site, String gateway, GpioProvider gpioProvider, BrokerSettings lanBroker,
                         BrokerSettings cloudBroker, UplinkSettings uplink, List<SensorSpec> sensors) {
        this(site, gateway, gpioProvider, lanBroker, cloudBroker, uplink, sensors, OccupancySettings.defaults(),
                StatusPageSettings.defaults(), null);
    }

    /** The same config with another uplink, e.g. a test's in-memory buffer. */
    public GatewayConfig withUplink(UplinkSettings other) {
        return new GatewayConfig(site, gateway, gpioProvider, lanBroker, cloudBroker, other, sensors, occupancy,
                statusPage, canteen);
    }

    /** The same config with another canteen counter (tests: a temporary ledger, port 0). */
    public GatewayConfig withCanteen(CanteenSettings other) {
        return new GatewayConfig(site, gateway, gpioProvider, lanBroker, cloudBroker, uplink, sensors, occupancy,
                statusPage, other);
    }

    /** The canteen counter, if this gateway has one. */
    public java.util.Optional<CanteenSettings> counter() {
        return java.util.Optional.ofNullable(canteen);
    }
}
