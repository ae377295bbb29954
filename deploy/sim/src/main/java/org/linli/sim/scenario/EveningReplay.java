package org.linli.sim.scenario;

import org.linli.config.ConfigException;
import org.linli.config.Site;
import org.linli.config.SiteLoader;
import org.linli.wire.ReadingBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's scripted evening ({@link Evening}) for one gateway of the site, replayed into the cloud
 * broker as that gateway backfilling its buffer, then kept alive: every minute a live heartbeat of its
 * sensors (and the offline sensor's OFFLINE status), so the cloud's deadman rule sees only that one
 * sensor offline. Runs until stopped (SIGTERM/Ctrl-C), or with {@code --once} stops after the first
 * live tail.
 *
 * <p>{@code java -cp linli-sim.jar org.linli.sim.scenario.EveningReplay CLOUD_MQTT_URI SITE.yaml [GATEWAY] [--once]}
 * (gateway default {@code gw-replay}, as in deploy/local/demo/site.yaml). The evening is the latest one
 * that is over in the site's time zone ({@link Evening#lastEvening}); the cloud must run with {@code LINLI_RULES_IDLE_LAG} of at least 48h,
 * or its rules take the replayed hours as too late (cloud/README.md, "Wired into the ingest").
 */
public final class EveningReplay {
    private static final Logger LOG = LoggerFactory.getLogger(EveningReplay.class);
    private static final int PER_BATCH = 100;

    private EveningReplay() {
    }

    public static void main(String[] args) {
        List<String> positional = java.util.Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        boolean once = java.util.Arrays.asList(args).contains("--once");
        if (positional.size() < 2) {
            LOG.error("usage: java -cp linli-sim.jar {} CLOUD_MQTT_URI SITE.yaml [GATEWAY] [--once]", EveningReplay.class.getName());
            System.exit(2);
        }
        String broker = positional.get(0);
        String gateway = positional.size() > 2 ? positional.get(2) : "gw-replay";
        Site site;
        try {
            site = SiteLoader.load(Path.of(positional.get(1)));
        } catch (ConfigException e) {
            LOG.error("the site file cannot be used:\n{}", e.getMessage());
            System.exit(2);
            return;
        }
        Clock clock = Clock.systemUTC();
        LocalDate date = Evening.lastEvening(clock, site.zone());
        Evening.Cast cast;
        try {
            cast = Evening.Cast.of(site, gateway, date);
        } catch (IllegalArgumentException e) {
            LOG.error("cannot cast the evening on {}: {}", gateway, e.getMessage());
            System.exit(2);
            return;
        }
        String bootId = "replay-" + UUID.randomUUID();
        try {
            BatchPublisher publisher = new BatchPublisher(broker, "linli-replay-" + gateway);
            List<ReadingBatch> day = Evening.batches(site.id(), gateway, bootId, 1, Evening.day(cast, date, site.zone()), PER_BATCH);
            int n = publisher.publish(day);
            LOG.info("replayed {} of {} ({}): {} readings in {} batches; noise {}, car {}, market {}, offline {}",
                    gateway, date, site.zone(), n, day.size(), cast.noise(), cast.car(),
                    cast.market() == null ? "none (no market allowed that day)" : cast.market(), cast.offline());
            AtomicLong seq = new AtomicLong(day.size());
            Runnable tail = () -> {
                try {
                    publisher.publish(Evening.batches(site.id(), gateway, bootId, seq.incrementAndGet(),
                            Evening.live(cast, clock.instant()), PER_BATCH));
                } catch (Exception e) {
                    LOG.warn("live heartbeat of {} failed: {}", gateway, e.toString());
                }
            };
            tail.run();
            if (once) {
                publisher.close();
                return;
            }
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            scheduler.scheduleAtFixedRate(tail, 60, 60, TimeUnit.SECONDS);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                scheduler.shutdownNow();
                try {
                    publisher.close();
                } catch (Exception e) {
                    LOG.debug("closing the publisher", e);
                }
            }, "linli-replay-stop"));
            LOG.info("{} stays alive: a heartbeat every minute until stopped", gateway);
        } catch (Exception e) {
            LOG.error("the replay of {} failed", gateway, e);
            System.exit(1);
        }
    }
}
