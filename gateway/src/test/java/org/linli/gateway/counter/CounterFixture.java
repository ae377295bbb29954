package org.linli.gateway.counter;

import org.linli.config.BrokerSettings;
import org.linli.config.CanteenSettings;
import org.linli.config.UplinkSettings;
import org.linli.config.canteen.VerificationMethod;
import org.linli.gateway.uplink.MessageStores;
import org.linli.gateway.uplink.UplinkStats;
import org.linli.gateway.uplink.UplinkVerticle;
import org.linli.wire.RosterMessage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/** Shared test data: a roster, a counter's settings, a lunch-time instant in Beijing time. */
final class CounterFixture {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** 2026-11-23 11:52 in Beijing: lunch. */
    static final Instant LUNCH = Instant.parse("2026-11-23T03:52:00Z");
    static final String CARD_OF_ZHANG = "12:34567";

    private CounterFixture() {
    }

    static RosterMessage roster(long version) {
        return new RosterMessage(version, 1_795_000_000_000L, List.of(
                new RosterMessage.Member("m-zhang", "张*华", YearMonth.of(1950, 3), null, true, true, CARD_OF_ZHANG),
                new RosterMessage.Member("m-li", "李*明", YearMonth.of(1970, 5), null, true, true, "12:1001"),
                new RosterMessage.Member("m-wang", "王*芳", YearMonth.of(1948, 1), null, true, true, "200:65535"),
                new RosterMessage.Member("m-zhao", "赵*", YearMonth.of(1945, 7), null, true, false, null)));
    }

    static CanteenSettings settings(Path ledger) {
        return new CanteenSettings("canteen-1", "beijing", SHANGHAI, ledger, List.of(
                new CanteenSettings.NetworkTerminal("face-2", null),
                new CanteenSettings.NetworkTerminal("face-3", "canteen/face-3/events"),
                new CanteenSettings.WiegandTerminal("card-1", 26, 5, 6, VerificationMethod.CARD, Duration.ofMillis(25),
                        Duration.ofNanos(200_000)),
                new CanteenSettings.WiegandTerminal("face-1", 34, 12, 13, VerificationMethod.FACE, Duration.ofMillis(25),
                        Duration.ofNanos(200_000))),
                new CanteenSettings.Outputs(20, 21, 26), new CanteenSettings.Page("127.0.0.1", 0));
    }

    /** An uplink to a broker that is not there: the counter must work without the cloud. */
    static UplinkVerticle unreachableUplink(Clock clock, UplinkStats stats) {
        UplinkSettings settings = new UplinkSettings(50, Duration.ofMillis(100), 1000)
                .withStore(UplinkSettings.Store.MEMORY, null, 1024 * 1024);
        return new UplinkVerticle("huayuan", "gw-01", new BrokerSettings("tcp://127.0.0.1:1", null, null), settings,
                "boot-test", MessageStores.create(settings), clock, stats);
    }

    static String event(String eventId, String terminal, String member, String method, boolean matched, int score) {
        return "{\"eventId\":\"" + eventId + "\",\"terminal\":\"" + terminal + "\",\"member\":"
                + (member == null ? "null" : "\"" + member + "\"") + ",\"method\":\"" + method + "\",\"matched\":"
                + matched + ",\"score\":" + score + "}";
    }
}
