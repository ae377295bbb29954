package org.linli.gateway.uplink;

/**
 * Which source message a group of readings was made from, so that the store can tell a message
 * delivered again from a new one: a 64-bit hash of the message as the broker sent it (topic,
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
 * @param digest      a 64-bit hash (FNV-1a, then MurmurHash3's finalizer) of the topic, a zero byte,
 *                    the packet id (2 bytes) and the payload. Not a cryptographic digest: a key is only
 *                    compared with the few thousand newest of the same gateway's LAN messages, so a
 *                    chance collision (about 2^-64 a pair) is far below any other failure, and SHA-256
 *                    cost a fifth of the LAN path's CPU without C2's intrinsics
 * @param redelivered whether this delivery may repeat one the broker made before
 */
public record MessageKey(long digest, boolean redelivered) {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** Keys for MQTT messages. */
    public static final class Mqtt {

        /**
         * The key of a message on {@code topic} with {@code packetId} and {@code payload};
         * {@code mayRepeat} when it came early on a connection to a kept session.
         */
        public MessageKey of(String topic, int packetId, byte[] payload, boolean mayRepeat) {
            long h = FNV_OFFSET;
            for (int i = 0; i < topic.length(); i++) {
                char c = topic.charAt(i);
                h = (h ^ (c >>> 8)) * FNV_PRIME;
                h = (h ^ (c & 0xff)) * FNV_PRIME;
            }
            h = (h ^ 0) * FNV_PRIME;
            h = (h ^ ((packetId >>> 8) & 0xff)) * FNV_PRIME;
            h = (h ^ (packetId & 0xff)) * FNV_PRIME;
            for (byte b : payload) {
                h = (h ^ (b & 0xff)) * FNV_PRIME;
            }
            return new MessageKey(mix(h), mayRepeat);
        }
    }

    /** MurmurHash3's 64-bit finalizer: spreads FNV's weak high bits over the whole word. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
