package org.linli.wire;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopicsTest {

    @Test
    void shouldBuildAndParseTheReadingsTopic() throws Exception {
        String topic = Topics.readings("huayuan", "gw-01");

        assertEquals("linli/v1/huayuan/gw-01/readings", topic);
        assertEquals(new TopicAddress("huayuan", "gw-01", "readings"), Topics.parse(topic));
    }

    @Test
    void shouldBuildAndParseTheHealthAndConfigTopics() throws Exception {
        assertEquals("linli/v1/huayuan/gw-01/health", Topics.health("huayuan", "gw-01"));
        assertEquals(new TopicAddress("huayuan", "gw-01", Topics.HEALTH), Topics.parse(Topics.health("huayuan", "gw-01")));
        assertEquals(new TopicAddress("huayuan", "gw-01", Topics.CONFIG), Topics.parse("linli/v1/huayuan/gw-01/config"));
    }

    @Test
    void shouldParseTheTwoLevelConfigResultChannel() throws Exception {
        String topic = Topics.configResult("huayuan", "gw-01");

        assertEquals("linli/v1/huayuan/gw-01/config/result", topic);
        assertEquals(new TopicAddress("huayuan", "gw-01", "config/result"), Topics.parse(topic));
    }

    @Test
    void shouldRefuseExtraLevelsAfterAOneLevelChannel() {
        assertEquals(RejectReason.BAD_TOPIC,
                assertThrows(WireException.class, () -> Topics.parse("linli/v1/huayuan/gw-01/readings/x")).reason());
        assertEquals(RejectReason.BAD_TOPIC,
                assertThrows(WireException.class, () -> Topics.parse("linli/v1/huayuan/gw-01/config/other")).reason());
    }

    @Test
    void shouldBuildAndParseTheCommissioningTopic() throws Exception {
        String topic = Topics.commissioning("huayuan", "gw-01");

        assertEquals("linli/v1/huayuan/gw-01/commissioning", topic);
        assertEquals(new TopicAddress("huayuan", "gw-01", Topics.COMMISSIONING), Topics.parse(topic));
        assertEquals("linli/v1/+/+/commissioning", Topics.allCommissioning());
    }

    @Test
    void shouldRefuseForeignTopics() {
        assertEquals(RejectReason.BAD_TOPIC, assertThrows(WireException.class, () -> Topics.parse("zigbee2mqtt/x")).reason());
        assertEquals(RejectReason.UNSUPPORTED_VERSION,
                assertThrows(WireException.class, () -> Topics.parse("linli/v9/huayuan/gw-01/readings")).reason());
        assertEquals(RejectReason.BAD_TOPIC,
                assertThrows(WireException.class, () -> Topics.parse("linli/v1/huayuan/gw-01/other")).reason());
    }

    @Test
    void shouldRefuseToBuildATopicFromAnInvalidId() {
        assertThrows(IllegalArgumentException.class, () -> Topics.readings("huayuan", "gw/01"));
    }
}
