package org.linli.gateway.status;

import org.junit.jupiter.api.Test;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.gateway.testing.MutableClock;
import org.linli.wire.CommissioningReport;
import org.linli.wire.Reading;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class CommissioningRunTest {
    private static final long T0 = 1_763_800_000_000L;
    private final MutableClock clock = new MutableClock(T0);
    private final WiringCheck wiring = new WiringCheck(clock, Duration.ofSeconds(30));

    @Test
    void shouldWalkThroughEverySensorInConfigOrderAndThenRunTheChecks() throws Exception {
        CommissioningRun run = new CommissioningRun(config().sensors(), wiring, clock);
        run.start();
        assertEquals("pir-1", run.current().orElseThrow().id());

        clock.advance(3_000);
        wiring.offer(Reading.of("pir-1", clock.millis(), "occupied", 1, "bool"));
        run.update();
        assertEquals("park-3", run.current().orElseThrow().id());

        clock.advance(30_000);
        run.update();
        assertEquals(CommissioningRun.Phase.CHECKS, run.phase());

        CommissioningReport report = run.finish("huayuan", "gw-01", "boot", "dev",
                List.of(new CommissioningReport.CheckResult("clock", CommissioningReport.Outcome.PASS, "ok")));
        assertEquals(List.of(CommissioningReport.Outcome.PASS, CommissioningReport.Outcome.FAIL),
                report.sensors().stream().map(CommissioningReport.SensorResult::outcome).toList());
        assertEquals("seen after 3 s", report.sensors().get(0).detail());
        assertEquals("gpio BCM 17", report.sensors().get(0).wiring());
        assertEquals(List.of("park-3"), report.failedItems());
        assertFalse(report.passed());
    }

    @Test
    void shouldRecordASkippedSensorAsFailed() throws Exception {
        CommissioningRun run = new CommissioningRun(config().sensors(), wiring, clock);
        run.start();

        run.skip();

        assertEquals(CommissioningReport.Outcome.FAIL, run.results().get(0).outcome());
        assertEquals("park-3", run.current().orElseThrow().id());
    }

    static GatewayConfig config() throws Exception {
        return GatewayConfigLoader.parse("gateway.yaml", """
                site: huayuan
                gateway: gw-01
                gpio: mock
                lanBroker: {uri: "tcp://127.0.0.1:18831"}
                cloudBroker: {uri: "tcp://127.0.0.1:18830"}
                statusPage: {port: 0, host: 127.0.0.1}
                sensors:
                  - {id: pir-1, kind: pir, space: plaza-east, transport: gpio, pin: 17}
                  - {id: park-3, kind: parking, space: fire-lane-3, transport: mqtt, topic: sensors/park-3}
                """);
    }
}
