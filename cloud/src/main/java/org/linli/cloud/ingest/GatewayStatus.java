package org.linli.cloud.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.linli.wire.TopicAddress;
import org.linli.wire.Topics;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * A gateway's liveness as its retained {@code status} ({@code {"state":"online"|"offline","at":ms,…}},
 * also its MQTT will, which has no {@code at}) or {@code health} ({@code {"at":ms,…}}: a report proves
 * it was online then) message says it.
 *
 * @param site    site id from the topic
 * @param gateway gateway id from the topic
 * @param at      the message's {@code at}, or when it was received when it has none
 * @param online  what it says
 */
public record GatewayStatus(String site, String gateway, Instant at, boolean online) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The filters of both channels, every site and gateway. */
    public static final String STATUS_FILTER = Topics.ROOT + "/" + Topics.VERSION + "/+/+/" + Topics.STATUS;
    public static final String HEALTH_FILTER = Topics.ROOT + "/" + Topics.VERSION + "/+/+/" + Topics.HEALTH;

    /** Whether {@code topic} is a status or health topic. */
    public static boolean handles(String topic) {
        return topic.endsWith("/" + Topics.STATUS) || topic.endsWith("/" + Topics.HEALTH);
    }

    /**
     * The liveness in a status or health message; empty for an empty (retained-clearing) or unreadable
     * payload, or a status with another state.
     */
    public static Optional<GatewayStatus> parse(TopicAddress topic, byte[] payload, Instant received) {
        if (payload.length == 0 || payload.length > 64 * 1024) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = JSON.readTree(payload);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (json == null || !json.isObject()) {
            return Optional.empty();
        }
        Instant at = json.path("at").canConvertToLong() ? Instant.ofEpochMilli(json.get("at").asLong()) : received;
        if (Topics.HEALTH.equals(topic.channel())) {
            return Optional.of(new GatewayStatus(topic.site(), topic.gateway(), at, true));
        }
        String state = json.path("state").asText("");
        if (!"online".equals(state) && !"offline".equals(state)) {
            return Optional.empty();
        }
        return Optional.of(new GatewayStatus(topic.site(), topic.gateway(), at, "online".equals(state)));
    }
}
