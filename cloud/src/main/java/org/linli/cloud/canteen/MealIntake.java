package org.linli.cloud.canteen;

import org.linli.config.Canteen;
import org.linli.config.Site;
import org.linli.wire.CanteenCodec;
import org.linli.wire.MealBatch;
import org.linli.wire.MealRecord;
import org.linli.wire.TopicAddress;
import org.linli.wire.Topics;
import org.linli.wire.WireException;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a meal message against the contract and the site inventory: the codec's checks (face data
 * included), the topic, and that every record's canteen is served by the gateway that sent it. Pure.
 */
public final class MealIntake {
    private final CanteenCodec codec;
    private final Site site;
    private final Map<String, Canteen> canteens;

    public MealIntake(CanteenCodec codec, Site site) {
        this.codec = codec;
        this.site = site;
        this.canteens = site.canteens().stream().collect(Collectors.toMap(Canteen::id, Function.identity()));
    }

    /** A usable batch, or the reason code and detail to count and log. */
    public sealed interface Outcome permits Accepted, Refused {
    }

    public record Accepted(MealBatch batch) implements Outcome {
    }

    /** @param reason a lower-case code such as {@code face-data}, {@code topic-mismatch}, {@code unknown-canteen} */
    public record Refused(String reason, String detail) implements Outcome {
    }

    public Outcome check(String topic, byte[] payload) {
        TopicAddress address;
        MealBatch batch;
        try {
            address = Topics.parse(topic);
            if (!Topics.CANTEEN_MEALS.equals(address.channel())) {
                return new Refused("bad-topic", "topic '" + topic + "' is not a meal channel");
            }
            batch = codec.decodeMeals(payload);
        } catch (WireException e) {
            return new Refused(e.reason().code(), e.getMessage());
        }
        if (!batch.site().equals(address.site()) || !batch.gateway().equals(address.gateway())) {
            return new Refused("topic-mismatch", "payload says " + batch.site() + "/" + batch.gateway()
                    + ", the topic " + address.site() + "/" + address.gateway());
        }
        if (!site.id().equals(batch.site()) || site.gateway(batch.gateway()).isEmpty()) {
            return new Refused("unknown-gateway", batch.site() + "/" + batch.gateway() + " is not in the site inventory");
        }
        for (int i = 0; i < batch.records().size(); i++) {
            MealRecord r = batch.records().get(i);
            Canteen c = canteens.get(r.canteen());
            if (c == null || !batch.gateway().equals(c.gateway())) {
                return new Refused("unknown-canteen", "records[" + i + "].canteen: " + r.canteen()
                        + " is not a canteen at gateway " + batch.gateway());
            }
        }
        return new Accepted(batch);
    }
}
