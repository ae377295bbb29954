package org.linli.gateway.uplink;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which source message a group of readings was made from, so that the store can tell a message
 * delivered again from a new one: a 64-bit digest of the message as the broker sent it (topic,
 * packet id and payload), and whether this delivery may be a repeat at all.
 *
 * <p><b>What identifies a redelivery.</b> A gateway killed between its commit and its PUBACK has
 * lost whatever it knew, so the key must come from the message itself. Content alone is not enough:
 * a Zigbee2MQTT sensor sends {@code {"occupancy":true,"battery":97,...}} again and again, without a
 * timestamp, and each is a new observation the gateway stamps with its arrival time. What a broker
 * keeps for a redelivery is the packet id: within a session it sends an unacknowledged PUBLISH again
 * "using its original Packet Identifier" (MQTT 5.0 §4.4), with the DUP flag set (Paho drops that
 * flag, see {@code MqttLink.Events}), and gives new messages the next ids (Mosquitto 2.0 counts on
 * across reconnects of a kept session; an id comes back only after 65,535 others). So the same topic,
 * packet id and payload is the same message, and an identical payload later has another id.
 *
 * <p><b>When a delivery may be a repeat.</b> Only at the start of a connection to a session the
 * broker kept (CONNACK session present): the broker sends what was in flight on the last connection
 * first, and never more than the gateway's receive maximum. The LAN driver marks the first
 * {@link RecentMessages#LAN_RECEIVE_MAXIMUM} messages of such a connection as possible repeats and
 * every other message as new, so a packet id that comes round again after 65,535 messages is never
 * mistaken for a repeat. See {@link RecentMessages} for how far back stored keys are kept.
 *
 * @param digest      the first 8 bytes of SHA-256 over the topic, a zero byte, the packet id (2 bytes)
 *                    and the payload
 * @param redelivered whether this delivery may repeat one the broker made before
 */
public record MessageKey(long digest, boolean redelivered) {

    /** Keys for MQTT messages; holds one digest, so not thread-safe: use one per context. */
    public static final class Mqtt {
        private final MessageDigest sha256;

        public Mqtt() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }

        /**
         * The key of a message on {@code topic} with {@code packetId} and {@code payload};
         * {@code mayRepeat} when it came early on a connection to a kept session.
         */
        public MessageKey of(String topic, int packetId, byte[] payload, boolean mayRepeat) {
            sha256.reset();
            sha256.update(topic.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update((byte) (packetId >>> 8));
            sha256.update((byte) packetId);
            byte[] d = sha256.digest(payload);
            long v = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return new MessageKey(v, mayRepeat);
        }
    }
}
