package org.linli.gateway.uplink;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageKeyTest {
    private static final byte[] OCCUPIED = "{\"occupancy\":true,\"battery\":97}".getBytes(StandardCharsets.UTF_8);
    private final MessageKey.Mqtt keys = new MessageKey.Mqtt();

    @Test
    void shouldGiveARedeliveryTheKeyOfItsFirstDelivery() {
        MessageKey first = keys.of("zigbee2mqtt/pir-1", 17, OCCUPIED, false);
        MessageKey again = keys.of("zigbee2mqtt/pir-1", 17, OCCUPIED.clone(), true);

        assertEquals(first.digest(), again.digest());
        assertTrue(again.redelivered());
    }

    @Test
    void shouldTellTheSamePayloadSentAgainLaterFromARedelivery() {
        MessageKey first = keys.of("zigbee2mqtt/pir-1", 17, OCCUPIED, false);

        assertNotEquals(first.digest(), keys.of("zigbee2mqtt/pir-1", 18, OCCUPIED, true).digest(), "a new packet id");
        assertNotEquals(first.digest(), keys.of("zigbee2mqtt/pir-2", 17, OCCUPIED, true).digest(), "another topic");
    }
}
