package org.linli.gateway.counter;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.linli.config.CanteenSettings;
import org.linli.config.GpioProvider;
import org.linli.gateway.counter.wiegand.WiegandLine;
import org.linli.gateway.pi4j.Pi4jPlatform;
import org.linli.gateway.testing.MutableClock;
import org.linli.gateway.uplink.UplinkStats;
import org.linli.gateway.uplink.UplinkVerticle;
import org.linli.wire.CanteenCodec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter as the gateway runs it, minus the cloud: an uplink to nowhere, the counter on a ledger
 * file, its page on a free port, Wiegand lines and lights on Pi4J's mock platform, and a monotonic
 * clock the test steps by hand for the Wiegand pulses.
 */
final class CounterRig {
    final Vertx vertx;
    final MutableClock clock;
    final CanteenSettings settings;
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final UplinkStats uplinkStats = new UplinkStats();
    final CounterStats stats = new CounterStats();
    final StringBuffer stream = new StringBuffer();
    private final List<String> deployments = new ArrayList<>();
    Pi4jPlatform pi4j;
    UplinkVerticle uplink;
    CounterVerticle counter;
    CounterPageVerticle page;
    HttpClient http;

    CounterRig(Vertx vertx, MutableClock clock, Path ledger) {
        this.vertx = vertx;
        this.clock = clock;
        this.settings = CounterFixture.settings(ledger);
    }

    /** Puts a roster into the ledger's cache, as if the cloud had sent it before the last stop. */
    static void seedRoster(Path ledger, long version) throws Exception {
        try (Ledger l = new Ledger(ledger, CounterFixture.SHANGHAI)) {
            l.open();
            l.cache(CounterVerticle.ROSTER, version, new CanteenCodec().encode(CounterFixture.roster(version)));
        }
    }

    Future<CounterRig> start() {
        pi4j = new Pi4jPlatform(GpioProvider.MOCK, true, false, true);
        uplink = CounterFixture.unreachableUplink(clock, uplinkStats);
        http = vertx.createHttpClient();
        return deploy(uplink).compose(v -> {
            counter = new CounterVerticle("huayuan", "gw-01", settings, uplink, uplinkStats::connected, clock, stats);
            return deploy(counter);
        }).compose(v -> {
            page = new CounterPageVerticle(settings.page(), counter);
            return deploy(page);
        }).compose(v -> deploy(new WiegandVerticle(pi4j, settings.wiegandTerminals(), counter, nanos::get)))
                .compose(v -> deploy(new SignalsVerticle(pi4j, settings.outputs(), counter)))
                .map(v -> this);
    }

    Future<Void> stop() {
        List<Future<Void>> undeployed = new ArrayList<>();
        // Adapters first, then the counter, the uplink last.
        for (int i = deployments.size() - 1; i >= 0; i--) {
            undeployed.add(vertx.undeploy(deployments.get(i)));
        }
        deployments.clear();
        return Future.join(undeployed).compose(v -> http.close()).mapEmpty();
    }

    private Future<Void> deploy(io.vertx.core.Verticle v) {
        return vertx.deployVerticle(v).onSuccess(deployments::add).mapEmpty();
    }

    /** Opens the display's event stream and collects it into {@link #stream}. */
    Future<Void> openStream() {
        return http.request(HttpMethod.GET, page.port(), "127.0.0.1", "/counter/stream")
                .compose(req -> req.send())
                .map(res -> {
                    res.handler(b -> stream.append(b.toString()));
                    return null;
                });
    }

    record Answer(int status, JsonObject body) {
    }

    Future<Answer> post(String path, String body, MultiMap headers) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                .setPort(page.port()).setURI(path).setHeaders(headers);
        return http.request(options)
                .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
                .compose(res -> res.body().map(b -> new Answer(res.statusCode(),
                        b.length() == 0 ? new JsonObject() : b.toJsonObject())));
    }

    Future<Answer> event(String json) {
        return post("/counter/events", json, MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json"));
    }

    Future<Answer> staff(String eventId, String action) {
        return post("/counter/decisions/" + eventId + "/" + action, null,
                MultiMap.caseInsensitiveMultiMap().add(CounterPageVerticle.STAFF_HEADER, "staff"));
    }

    Future<JsonObject> state() {
        return http.request(HttpMethod.GET, page.port(), "127.0.0.1", "/counter/api/state")
                .compose(req -> req.send()).compose(HttpClientResponse::body).map(Buffer::toJsonObject);
    }

    MockDigitalOutput output(String name) {
        return pi4j.context().registry().get(SignalsVerticle.outputId(name), MockDigitalOutput.class);
    }

    boolean lit(String name) {
        return output(name).state() == DigitalState.HIGH;
    }

    /**
     * Sends {@code bits} on a terminal's lines: each bit a low pulse on D0 or D1, {@code spacingMicros}
     * apart on the hand-stepped monotonic clock, then a silence longer than the frame timeout.
     */
    void pulses(String terminal, String bits, long spacingMicros) {
        MockDigitalInput d0 = line(terminal, WiegandLine.D0);
        MockDigitalInput d1 = line(terminal, WiegandLine.D1);
        d0.mockState(DigitalState.HIGH);
        d1.mockState(DigitalState.HIGH);
        for (char c : bits.toCharArray()) {
            nanos.addAndGet(spacingMicros * 1_000);
            MockDigitalInput line = c == '1' ? d1 : d0;
            line.mockState(DigitalState.LOW);
            line.mockState(DigitalState.HIGH);
        }
        nanos.addAndGet(30_000_000L);
    }

    private MockDigitalInput line(String terminal, WiegandLine line) {
        return pi4j.context().registry().get(WiegandVerticle.lineId(terminal, line), MockDigitalInput.class);
    }

    /** A frame with correct parity: even parity over the first half, odd over the second. */
    static String frame(int facilityBits, long facility, int cardBits, long card) {
        String data = bin(facility, facilityBits) + bin(card, cardBits);
        int half = data.length() / 2;
        long firstOnes = data.substring(0, half).chars().filter(c -> c == '1').count();
        long secondOnes = data.substring(half).chars().filter(c -> c == '1').count();
        return (firstOnes % 2 == 0 ? "0" : "1") + data + (secondOnes % 2 == 0 ? "1" : "0");
    }

    private static String bin(long value, int bits) {
        String s = Long.toBinaryString(value);
        return "0".repeat(bits - s.length()) + s;
    }
}
