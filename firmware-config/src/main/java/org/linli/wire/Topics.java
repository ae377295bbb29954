package org.linli.wire;

import org.linli.config.Ids;

import java.util.Set;

/**
 * The versioned topic layout: {@code linli/v1/{site}/{gateway}/{channel}}; a channel may have two
 * levels ({@code config/result}). A broker ACL binds the
 * gateway level to the connecting gateway's username, so a gateway can write only its own topics.
 */
public final class Topics {
    public static final String ROOT = "linli";
    public static final String VERSION = "v1";
    /** Batches of readings, QoS 1. */
    public static final String READINGS = "readings";
    /** The gateway's online/offline state, retained, also its MQTT will. */
    public static final String STATUS = "status";
    /** The gateway's health report (uptime, buffer, last upload, sensors, versions), retained, QoS 1. */
    public static final String HEALTH = "health";
    /** The gateway's config, published retained by the cloud: {@code {"version":N,"config":"<gateway.yaml>"}}. */
    public static final String CONFIG = "config";
    /** The gateway's answer to a config: {@code {"version":N,"accepted":true|false,"reason":…}}, retained. */
    public static final String CONFIG_RESULT = "config/result";
    /** The gateway's latest commissioning report ({@link CommissioningCodec}), retained, QoS 1. */
    public static final String COMMISSIONING = "commissioning";
    /** The canteen roster for the gateway's counter, published retained by the cloud ({@link CanteenCodec}). */
    public static final String CANTEEN_ROSTER = "canteen/roster";
    /** The subsidy policy for the gateway's counter, published retained by the cloud. */
    public static final String CANTEEN_POLICY = "canteen/policy";
    /** Today's subsidised meals at other canteens, published retained by the cloud, so one window is one meal everywhere. */
    public static final String CANTEEN_CLAIMS = "canteen/claims";
    /** Meal records from the gateway's counter ledger, QoS 1, never dropped. */
    public static final String CANTEEN_MEALS = "canteen/meals";
    private static final Set<String> CHANNELS = Set.of(READINGS, STATUS, HEALTH, CONFIG, CONFIG_RESULT, COMMISSIONING,
            CANTEEN_ROSTER, CANTEEN_POLICY, CANTEEN_CLAIMS, CANTEEN_MEALS);

    private Topics() {
    }

    public static String readings(String site, String gateway) {
        return topic(site, gateway, READINGS);
    }

    public static String status(String site, String gateway) {
        return topic(site, gateway, STATUS);
    }

    public static String health(String site, String gateway) {
        return topic(site, gateway, HEALTH);
    }

    public static String config(String site, String gateway) {
        return topic(site, gateway, CONFIG);
    }

    public static String configResult(String site, String gateway) {
        return topic(site, gateway, CONFIG_RESULT);
    }

    public static String commissioning(String site, String gateway) {
        return topic(site, gateway, COMMISSIONING);
    }

    public static String canteenRoster(String site, String gateway) {
        return topic(site, gateway, CANTEEN_ROSTER);
    }

    public static String canteenPolicy(String site, String gateway) {
        return topic(site, gateway, CANTEEN_POLICY);
    }

    public static String canteenClaims(String site, String gateway) {
        return topic(site, gateway, CANTEEN_CLAIMS);
    }

    public static String canteenMeals(String site, String gateway) {
        return topic(site, gateway, CANTEEN_MEALS);
    }

    /** The filter matching every gateway's meal records on every site. */
    public static String allCanteenMeals() {
        return ROOT + "/" + VERSION + "/+/+/" + CANTEEN_MEALS;
    }

    /** The filter matching every gateway's commissioning report on every site. */
    public static String allCommissioning() {
        return ROOT + "/" + VERSION + "/+/+/" + COMMISSIONING;
    }

    /** The filter matching every gateway's readings on every site. */
    public static String allReadings() {
        return ROOT + "/" + VERSION + "/+/+/" + READINGS;
    }

    private static String topic(String site, String gateway, String channel) {
        if (!Ids.isValid(site) || !Ids.isValid(gateway)) {
            throw new IllegalArgumentException("site and gateway must be valid ids: " + site + ", " + gateway);
        }
        return ROOT + "/" + VERSION + "/" + site + "/" + gateway + "/" + channel;
    }

    /**
     * Takes a topic apart.
     *
     * @throws WireException with {@link RejectReason#BAD_TOPIC} or {@link RejectReason#UNSUPPORTED_VERSION}
     */
    public static TopicAddress parse(String topic) throws WireException {
        // At most 5 parts: the channel keeps its own levels ("config/result").
        String[] parts = topic.split("/", 5);
        if (parts.length != 5 || !ROOT.equals(parts[0])) {
            throw new WireException(RejectReason.BAD_TOPIC, "topic '" + topic + "' is not linli/v1/{site}/{gateway}/{channel}");
        }
        if (!VERSION.equals(parts[1])) {
            throw new WireException(RejectReason.UNSUPPORTED_VERSION, "topic version '" + parts[1] + "' is not " + VERSION);
        }
        if (!Ids.isValid(parts[2]) || !Ids.isValid(parts[3]) || !CHANNELS.contains(parts[4])) {
            throw new WireException(RejectReason.BAD_TOPIC, "topic '" + topic + "' has an invalid site, gateway or channel");
        }
        return new TopicAddress(parts[2], parts[3], parts[4]);
    }
}
