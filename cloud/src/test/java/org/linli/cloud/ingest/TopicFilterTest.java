package org.linli.cloud.ingest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopicFilterTest {

    @Test
    void shouldShareTheReadingsSubscriptionInTheGroup() {
        assertEquals("$share/linli-cloud/linli/v1/+/+/readings", MqttIngest.topicFilter("linli-cloud"));
    }

    @Test
    void shouldSubscribePlainlyWithoutAGroup() {
        assertEquals("linli/v1/+/+/readings", MqttIngest.topicFilter(""));
    }

    @Test
    void shouldRefuseAGroupWithTopicSeparatorsOrWildcards() {
        assertThrows(IllegalArgumentException.class, () -> MqttIngest.topicFilter("a/b"));
        assertThrows(IllegalArgumentException.class, () -> MqttIngest.topicFilter("a+"));
    }
}
