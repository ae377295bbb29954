package org.linli.cloud.canteen;

import io.micronaut.context.ApplicationContext;
import org.linli.config.canteen.VerificationMethod;
import org.linli.testkit.PostgresProcess;
import org.linli.wire.MealBatch;
import org.linli.wire.MealRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark, not a test: settlement generation for a county month on PostgreSQL. Loads
 * {@code canteens} × {@code mealsPerDay} × days-of-month subsidised meals (default 100 × 300 × 30 =
 * 900,000, with their claims; each canteen's 100 members of 70+ eat breakfast, lunch and dinner under
 * the Shenzhen Futian preset, 5 yuan a meal) with COPY,
 * then times the settlement of every canteen (SQL read, totals, CSV) cold and warm, and one printable
 * page. Also times the real ingest path ({@link MealLedger#store}, batches of 100) for one more day.
 *
 * <p>Run: {@code mvn -B -o -pl cloud -am -Pbench verify -DskipTests} (see cloud/README.md). Starts its
 * own PostgreSQL (deploy/testkit) in {@code cloud/target/bench}, or uses {@code LINLI_BENCH_JDBC_URL}
 * (+ {@code _USER}, {@code _PASSWORD}); figures go to the log.
 */
public final class SettlementBench {
    private static final Logger LOG = LoggerFactory.getLogger(SettlementBench.class);
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String[] WINDOWS = {"breakfast", "lunch", "dinner"};
    private static final LocalTime[] STARTS = {LocalTime.of(6, 30), LocalTime.of(11, 0), LocalTime.of(17, 30)};
    private static final long[] PRICES = {600, 1500, 1200};

    private SettlementBench() {
    }

    public static void main(String[] args) throws Exception {
        int canteens = Integer.getInteger("bench.canteens", 100);
        int perDay = Integer.getInteger("bench.mealsPerDay", 300);
        YearMonth month = YearMonth.parse(System.getProperty("bench.month", "2026-11"));
        Path work = Path.of(System.getProperty("bench.dir", "target/bench")).toAbsolutePath();
        Files.createDirectories(work);
        String url = System.getenv("LINLI_BENCH_JDBC_URL");
        PostgresProcess pg = null;
        String user;
        String password;
        if (url == null) {
            pg = PostgresProcess.start(work.resolve("postgres"));
            String db = "bench_" + Long.toString(System.currentTimeMillis(), 36);
            pg.createDatabase(db);
            url = pg.jdbcUrl(db);
            user = pg.user();
            password = pg.password();
        } else {
            user = System.getenv("LINLI_BENCH_JDBC_USER");
            password = System.getenv("LINLI_BENCH_JDBC_PASSWORD");
        }
        try {
            run(work, url, user, password, canteens, perDay, month);
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    private static void run(Path work, String url, String user, String password, int canteens, int perDay,
                            YearMonth month) throws Exception {
        Path site = work.resolve("bench-site.yaml");
        Files.writeString(site, siteYaml(canteens), StandardCharsets.UTF_8);
        Map<String, Object> props = new HashMap<>();
        props.put("linli.site-file", site.toString());
        props.put("linli.mqtt.uri", "tcp://127.0.0.1:9");
        props.put("linli.mqtt.client-id", "linli-cloud-bench");
        props.put("linli.influx.url", "http://127.0.0.1:9");
        props.put("linli.data-dir", work.toString());
        props.put("datasources.default.url", url);
        props.put("datasources.default.username", user);
        props.put("datasources.default.password", password == null ? "" : password);
        try (ApplicationContext ctx = ApplicationContext.run(props)) {
            MealLedger ledger = ctx.getBean(MealLedger.class);
            int membersPerCanteen = perDay / WINDOWS.length;
            long t0 = System.nanoTime();
            long rows;
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                rows = load(c, canteens, membersPerCanteen, month);
                try (Statement s = c.createStatement()) {
                    s.execute("ANALYZE");
                }
            }
            double loadS = (System.nanoTime() - t0) / 1e9;
            LOG.info("bench: loaded {} subsidised meals ({} canteens x {} a day x {} days) with COPY in {} s",
                    rows, canteens, membersPerCanteen * WINDOWS.length, month.lengthOfMonth(), String.format("%.1f", loadS));

            for (String pass : List.of("cold", "warm")) {
                long[] ms = new long[canteens];
                long meals = 0;
                long bytes = 0;
                long sqlNs = 0;
                long all = System.nanoTime();
                for (int i = 0; i < canteens; i++) {
                    long s = System.nanoTime();
                    MealLedger.MonthLines lines = ledger.month(canteen(i), month);
                    sqlNs += System.nanoTime() - s;
                    Settlement settlement = Settlement.of(canteen(i), canteen(i), month, lines.settled(), lines.pending());
                    bytes += SettlementRender.csv(settlement).length();
                    meals += settlement.total().meals();
                    ms[i] = (System.nanoTime() - s) / 1_000_000;
                }
                long totalMs = (System.nanoTime() - all) / 1_000_000;
                Arrays.sort(ms);
                LOG.info("bench: settlement CSV of all {} canteens ({}): {} meals, {} MB of CSV in {} ms ({} ms reading SQL); "
                        + "per canteen p50 {} ms, p99 {} ms, max {} ms", canteens, pass, meals, bytes / 1_000_000, totalMs,
                        sqlNs / 1_000_000, ms[ms.length / 2],
                        ms[Math.min(ms.length - 1, (int) Math.ceil(ms.length * 0.99) - 1)], ms[ms.length - 1]);
            }
            long s = System.nanoTime();
            MealLedger.MonthLines lines = ledger.month(canteen(0), month);
            String html = SettlementRender.html(Settlement.of(canteen(0), canteen(0), month, lines.settled(), lines.pending()));
            LOG.info("bench: printable page of one canteen ({} meals, {} KB): {} ms", lines.settled().size(),
                    html.length() / 1000, (System.nanoTime() - s) / 1_000_000);

            // The real ingest path for the day after the month: batches of 100, one transaction each.
            LocalDate next = month.plusMonths(1).atDay(1);
            int n = 0;
            long ingest = System.nanoTime();
            for (int i = 0; i < canteens; i++) {
                List<MealRecord> batch = new ArrayList<>();
                for (int m = 0; m < membersPerCanteen; m++) {
                    for (int w = 0; w < WINDOWS.length; w++) {
                        batch.add(record(i, m, next, w));
                        if (batch.size() == 100) {
                            ledger.store(new MealBatch("bench", gateway(i), Instant.now().toEpochMilli(), batch), Instant.now());
                            n += batch.size();
                            batch = new ArrayList<>();
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    ledger.store(new MealBatch("bench", gateway(i), Instant.now().toEpochMilli(), batch), Instant.now());
                    n += batch.size();
                }
            }
            double ingestS = (System.nanoTime() - ingest) / 1e9;
            LOG.info("bench: ingest through MealLedger.store: {} records in {} s = {} records/s (on top of {} rows)",
                    n, String.format("%.1f", ingestS), Math.round(n / ingestS), rows);
            if (Boolean.getBoolean("bench.explain")) {
                explain(url, user, password, member(0, 1), next);
            }
        }
    }

    /** The plans of the per-record queries of the ingest path, for a member of the last day. */
    private static void explain(String url, String user, String password, String member, LocalDate day) throws SQLException {
        long at = day.atTime(12, 0).atZone(ZONE).toInstant().toEpochMilli();
        List<String> queries = List.of(
                "SELECT COUNT(*), COALESCE(SUM(subsidy_fen), 0) FROM meal_records WHERE member_id = '" + member
                        + "' AND decided_at >= TIMESTAMPTZ '" + day.atStartOfDay(ZONE).toOffsetDateTime()
                        + "' AND decided_at < TIMESTAMPTZ '" + day.plusDays(1).atStartOfDay(ZONE).toOffsetDateTime()
                        + "' AND settle IN ('SETTLED', 'PENDING')",
                "SELECT event_id, canteen, decided_at FROM meal_records WHERE member_id = '" + member + "' AND canteen <> 'x' "
                        + "AND status = 'served' AND decided_at > TIMESTAMPTZ '" + Instant.ofEpochMilli(at - 1_800_000)
                        + "' AND decided_at < TIMESTAMPTZ '" + Instant.ofEpochMilli(at + 1_800_000) + "' ORDER BY decided_at LIMIT 1");
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            for (String q : queries) {
                StringBuilder plan = new StringBuilder();
                try (java.sql.ResultSet rs = s.executeQuery("EXPLAIN ANALYZE " + q)) {
                    while (rs.next()) {
                        plan.append('\n').append(rs.getString(1));
                    }
                }
                LOG.info("bench: plan of {}{}", q, plan);
            }
        }
    }

    private static String canteen(int i) {
        return String.format("canteen-%03d", i + 1);
    }

    private static String gateway(int i) {
        return String.format("gw-%03d", i + 1);
    }

    private static String member(int canteen, int m) {
        return String.format("m-%03d%04d", canteen + 1, m);
    }

    private static MealRecord record(int canteen, int m, LocalDate day, int w) {
        long at = day.atTime(STARTS[w].plusSeconds(m * 20L)).atZone(ZONE).toInstant().toEpochMilli();
        return new MealRecord("i-" + day + "-" + canteen + "-" + m + "-" + w, canteen(canteen), "t1", member(canteen, m),
                m % 10 == 0 ? VerificationMethod.CARD : VerificationMethod.FACE, false, WINDOWS[w], day, at, true, "ok",
                "age-70", PRICES[w], 500, PRICES[w] - 500, MealRecord.MealStatus.SERVED, at + 15_000, 1, 1, m % 50 == 0);
    }

    private static String siteYaml(int canteens) {
        StringBuilder y = new StringBuilder("id: bench\nname: 县级基准\ntimezone: Asia/Shanghai\ngrids:\n  - id: g1\n"
                + "    name: 网格\n    level: 1\nspaces: []\ngateways:\n");
        for (int i = 0; i < canteens; i++) {
            y.append("  - id: ").append(gateway(i)).append("\n    name: 柜台").append(i + 1).append('\n');
        }
        y.append("canteens:\n");
        for (int i = 0; i < canteens; i++) {
            y.append("  - id: ").append(canteen(i)).append("\n    name: 长者食堂").append(i + 1)
                    .append("\n    gateway: ").append(gateway(i)).append("\n    policy: shenzhen-futian\n");
        }
        return y.toString();
    }

    /** Members, then per day: meal_records and meal_claims with COPY. Returns the meal rows. */
    private static long load(Connection c, int canteens, int members, YearMonth month) throws SQLException, IOException {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder m = new StringBuilder();
        String now = Instant.now().atOffset(ZoneOffset.UTC).toString();
        for (int i = 0; i < canteens; i++) {
            for (int k = 0; k < members; k++) {
                m.append(member(i, k)).append('\t').append(String.format("%064d", i * 10_000L + k)).append('\t')
                        .append("张建华").append('\t').append("张*华").append('\t').append("1950-03").append("\t\\N\tt\tt\t\\N\t")
                        .append(now).append('\n');
            }
        }
        copy.copyIn("COPY canteen_members FROM STDIN", new StringReader(m.toString()));
        long rows = 0;
        for (int d = 1; d <= month.lengthOfMonth(); d++) {
            LocalDate day = month.atDay(d);
            StringBuilder r = new StringBuilder(canteens * members * 3 * 300);
            StringBuilder cl = new StringBuilder(canteens * members * 3 * 60);
            for (int i = 0; i < canteens; i++) {
                for (int k = 0; k < members; k++) {
                    for (int w = 0; w < WINDOWS.length; w++) {
                        MealRecord x = record(i, k, day, w);
                        String id = "b" + x.eventId().substring(1);
                        r.append(id).append("\tbench\t").append(gateway(i)).append('\t').append(x.canteen()).append("\tt1\t")
                                .append(x.member()).append('\t').append(x.method().name().toLowerCase()).append("\tf\t")
                                .append(x.window()).append('\t').append(day).append('\t')
                                .append(Instant.ofEpochMilli(x.decidedAt()).atOffset(ZoneOffset.UTC)).append("\tt\tok\tage-70\t")
                                .append(x.priceFen()).append('\t').append(x.subsidyFen()).append('\t').append(x.payFen())
                                .append("\tserved\t").append(Instant.ofEpochMilli(x.closedAt()).atOffset(ZoneOffset.UTC))
                                .append("\t1\t1\t").append(x.offline() ? 't' : 'f').append("\tSETTLED\t").append(now).append('\n');
                        cl.append(x.member()).append('\t').append(day).append('\t').append(x.window()).append('\t')
                                .append(id).append('\n');
                        rows++;
                    }
                }
            }
            copy.copyIn("COPY meal_records FROM STDIN", new StringReader(r.toString()));
            copy.copyIn("COPY meal_claims FROM STDIN", new StringReader(cl.toString()));
        }
        return rows;
    }
}
