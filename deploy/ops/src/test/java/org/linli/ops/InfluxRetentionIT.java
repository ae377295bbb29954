package org.linli.ops;

import org.linli.testkit.Command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.linli.testkit.InfluxProcess;
import org.linli.testkit.Services;

/**
 * deploy/influx/retention.sh against a real influxd: applied twice (idempotent), the policies and
 * continuous queries are there once each; a point written without a retention policy, as the cloud
 * writes, lands in the 30-day one; the backfill writes the minute aggregates the continuous queries would.
 */
class InfluxRetentionIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Services services = Services.create().influx();

    private static Command retention(InfluxProcess influx, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = Repo.file("deploy/influx/retention.sh").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        return Command.run(Repo.root(), TIMEOUT, Map.of("INFLUX_URL", influx.url(), "INFLUX_DB", "linli"), command);
    }

    @Test
    void shouldCreateRetentionPoliciesAndContinuousQueriesIdempotently() {
        InfluxProcess influx = services.influxProcess();

        assertEquals(0, retention(influx, "apply").exitCode());
        Command second = retention(influx, "apply");
        assertEquals(0, second.exitCode(), second.toString());

        String policies = influx.query("linli", "SHOW RETENTION POLICIES ON \"linli\"");
        assertTrue(policies.contains("[\"raw_30d\",\"720h0m0s\",\"24h0m0s\",1,true]"), policies);
        assertTrue(policies.contains("[\"agg_2y\",\"17520h0m0s\",\"168h0m0s\",1,false]"), policies);
        String queries = influx.query(null, "SHOW CONTINUOUS QUERIES");
        for (String cq : new String[] {"cq_occupancy_1m", "cq_beam_1m", "cq_contact_1m", "cq_noise_1m"}) {
            assertEquals(1, count(queries, "[\"" + cq + "\","), cq + " once in " + queries);
        }
        assertTrue(queries.contains("RESAMPLE EVERY 5m FOR 2h"), queries);
        assertTrue(queries.contains("INTO linli.agg_2y.noise_1m FROM linli.raw_30d.noise GROUP BY time(1m), *"), queries);
    }

    @Test
    void shouldBringAChangedPolicyBackToItsSettings() {
        InfluxProcess influx = services.influxProcess();
        assertEquals(0, retention(influx, "apply").exitCode());
        influx.query("linli", "ALTER RETENTION POLICY \"raw_30d\" ON \"linli\" DURATION 2d");
        influx.query("linli", "ALTER RETENTION POLICY \"autogen\" ON \"linli\" DEFAULT");

        assertEquals(0, retention(influx, "apply").exitCode());

        String policies = influx.query("linli", "SHOW RETENTION POLICIES ON \"linli\"");
        assertTrue(policies.contains("[\"raw_30d\",\"720h0m0s\",\"24h0m0s\",1,true]"), policies);
    }

    @Test
    void shouldStoreTheCloudsWritesRawAndBackfillMinuteAggregates() throws Exception {
        InfluxProcess influx = services.influxProcess();
        assertEquals(0, retention(influx, "apply").exitCode());
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
        long t = minute.toEpochMilli();
        String tags = ",site=huayuan,gateway=gw-01,space=plaza-east,grid=g1-1";
        Repo.write(influx.url(), "linli", String.join("\n",
                "occupancy" + tags + ",sensor=pir-1 occupied=1.0,quality=\"good\",seq=1i " + (t + 1_000),
                "occupancy" + tags + ",sensor=pir-1 occupied=0.0,quality=\"good\",seq=2i " + (t + 31_000),
                "occupancy" + tags + ",sensor=pir-1 occupied=0.0,quality=\"good\",seq=3i " + (t + 61_000),
                "noise" + tags + ",sensor=noise-1 la=60.0,quality=\"good\",seq=4i " + (t + 2_000),
                "noise" + tags + ",sensor=noise-1 la=72.5,quality=\"good\",seq=4i " + (t + 3_000),
                "noise" + tags + ",sensor=noise-1 laeq=68.1,lmax=72.5,lmin=60.0,l10=72.5,l90=60.0,samples=2.0,quality=\"suspect\",seq=5i " + t));

        String raw = influx.query("linli", "SELECT count(\"occupied\") FROM \"linli\".\"raw_30d\".\"occupancy\"");
        assertTrue(raw.contains(",3]"), "the default policy is raw_30d: " + raw);

        Command backfill = retention(influx, "backfill", minute.minus(Duration.ofHours(1)).toString(),
                minute.plus(Duration.ofHours(1)).toString());
        assertEquals(0, backfill.exitCode(), backfill.toString());

        String occupancy = influx.query("linli",
                "SELECT \"occupied_mean\", \"occupied_max\", \"readings\" FROM \"agg_2y\".\"occupancy_1m\" WHERE \"sensor\" = 'pir-1'");
        assertTrue(occupancy.contains("[\"" + minute + "\",0.5,1,2]"), occupancy);
        assertTrue(occupancy.contains("[\"" + minute.plus(Duration.ofMinutes(1)) + "\",0,0,1]"), occupancy);
        String noise = influx.query("linli",
                "SELECT \"laeq\", \"lmax\", \"l90\", \"la_max\", \"la_min\", \"la_samples\" FROM \"agg_2y\".\"noise_1m\"");
        assertTrue(noise.contains("[\"" + minute + "\",68.1,72.5,60,72.5,60,2]"), noise);
    }

    @Test
    void shouldRefuseABackfillWithoutTimes() {
        Command bad = retention(services.influxProcess(), "backfill", "yesterday; DROP DATABASE linli", "now");
        assertEquals(2, bad.exitCode(), bad.toString());
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
