package org.linli.cloud.tickets;

import jakarta.inject.Singleton;
import org.linli.cloud.rules.DeadmanEvent;
import org.linli.cloud.rules.EncroachmentEvent;
import org.linli.cloud.rules.NoiseEvent;
import org.linli.cloud.rules.RuleEventSink;
import org.linli.config.GatewaySpec;
import org.linli.config.SensorSpec;
import org.linli.config.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns the rules' decisions into grid tickets: a noise episode, an encroachment and a device going
 * offline each open one ticket, routed space → grid → grid worker; later events of the same episode
 * (new peak, end, back online) change its facts, never its status. Idempotent on the episode's
 * identity, as {@link RuleEventSink} requires. An offline sensor opens a device ticket only: nothing
 * here reads silence as occupancy. A gateway going offline folds the waiting tickets of its sensors
 * that fell silent with it into its own ticket (they are rejected with a reason naming it), and a
 * sensor going offline while its gateway's ticket is open is noted there instead of opening one.
 */
@Singleton
public class TicketOpener implements RuleEventSink {
    private static final Logger LOG = LoggerFactory.getLogger(TicketOpener.class);
    /**
     * Sensor tickets whose outage began this long before their gateway's are folded into the
     * gateway's ticket: a silent gateway's sensors fall silent within a heartbeat (5 min) of it.
     */
    static final Duration FOLD_WINDOW = Duration.ofMinutes(15);

    private final TicketService service;
    private final Routing routing;
    private final Site site;

    public TicketOpener(TicketService service, Routing routing, Site site) {
        this.service = service;
        this.routing = routing;
        this.site = site;
    }

    @Override
    public void noise(NoiseEvent event) {
        if (event instanceof NoiseEvent.EpisodeStarted s) {
            draft(TicketKind.NOISE, s.space(), s.start().toString(), "广场舞噪声超标（限值 " + LiveEvents.db(s.limitDb()) + "）")
                    .ifPresent(b -> {
                        b.episodeStart = s.start();
                        b.peakDb = s.peakDb();
                        b.limitDb = s.limitDb();
                        b.reason = s.reason().name();
                        service.open(b.build());
                    });
        } else if (event instanceof NoiseEvent.EpisodeUpdated u) {
            service.updateEpisode(u.space(), TicketKind.NOISE, u.start().toString(), t -> {
                Ticket.Builder b = t.toBuilder();
                b.peakDb = u.peakDb();
                b.laeqDb = u.laeqDb();
                b.updatedAt = service.now();
                return new Lifecycle.Changed(b.build(), List.of());
            });
        } else if (event instanceof NoiseEvent.EpisodeEnded e) {
            service.updateEpisode(e.space(), TicketKind.NOISE, e.start().toString(), t -> {
                Ticket.Builder b = t.toBuilder();
                b.peakDb = e.peakDb();
                b.laeqDb = e.laeqDb();
                b.episodeEnd = e.end();
                b.updatedAt = service.now();
                return new Lifecycle.Changed(b.build(), List.of(TicketEvent.about(t, service.now(), TicketEvent.SYSTEM,
                        "episode", "噪声结束 music stopped at " + e.end() + "：LAeq " + LiveEvents.db(e.laeqDb()) + "，峰值 "
                                + LiveEvents.db(e.peakDb()) + "，超标 " + e.minutesAbove() + " 分钟")));
            });
            service.recheckRecurred(e.space(), TicketKind.NOISE, e.start(), "再次超标 loud again: episode " + e.start() + " – "
                    + e.end() + "，LAeq " + LiveEvents.db(e.laeqDb()) + "，峰值 " + LiveEvents.db(e.peakDb()) + "，超标 "
                    + e.minutesAbove() + " 分钟");
        }
    }

    @Override
    public void encroachment(EncroachmentEvent event) {
        if (event instanceof EncroachmentEvent.EncroachmentStarted s) {
            draft(TicketKind.ENCROACHMENT, s.space(), s.since().toString(),
                    "占用超过 " + s.dwell().toMinutes() + " 分钟").ifPresent(b -> {
                b.episodeStart = s.since();
                service.open(b.build());
            });
        } else if (event instanceof EncroachmentEvent.EncroachmentEnded e) {
            service.updateEpisode(e.space(), TicketKind.ENCROACHMENT, e.since().toString(), t -> {
                Ticket.Builder b = t.toBuilder();
                b.episodeEnd = e.end();
                b.updatedAt = service.now();
                return new Lifecycle.Changed(b.build(), List.of(TicketEvent.about(t, service.now(), TicketEvent.SYSTEM,
                        "episode", "占用结束 vacant since " + e.end() + "，占用 " + e.occupied().toMinutes() + " 分钟"
                                + (e.uncertain() ? "（传感器离线 " + e.unknown().toMinutes() + " 分钟，结束时间不确定）" : ""))));
            });
            service.recheckRecurred(e.space(), TicketKind.ENCROACHMENT, e.since(), "再次占用 occupied again: " + e.since()
                    + " – " + e.end() + "，占用 " + e.occupied().toMinutes() + " 分钟");
        }
    }

    @Override
    public void deadman(DeadmanEvent event) {
        if (event instanceof DeadmanEvent.SensorOffline o) {
            Optional<SensorSpec> sensor = sensor(o.sensor());
            if (sensor.isEmpty()) {
                LOG.warn("sensor {} went offline but is not in the site inventory: no ticket", o.sensor());
                return;
            }
            Optional<Ticket> gatewayTicket = service.store().openGatewayTicket(o.gateway());
            if (gatewayTicket.isPresent()) {
                // Its gateway is down: the gateway's ticket covers it, note it there.
                Ticket g = gatewayTicket.get();
                service.updateEpisode(g.space(), TicketKind.DEVICE_OFFLINE, g.episodeKey(), t -> new Lifecycle.Changed(t,
                        List.of(TicketEvent.about(t, service.now(), TicketEvent.SYSTEM, "episode",
                                "传感器 " + o.sensor() + " 离线（网关离线期间） sensor offline at " + o.at()))));
                return;
            }
            draft(TicketKind.DEVICE_OFFLINE, sensor.get().space(), sensorKey(o.sensor(), o.at()),
                    "传感器 " + o.sensor() + " 离线").ifPresent(b -> {
                b.subject = o.sensor();
                b.episodeStart = o.at();
                b.reason = o.reason();
                service.open(b.build());
            });
        } else if (event instanceof DeadmanEvent.SensorBack back) {
            sensor(back.sensor()).ifPresent(s -> markBack(s.space(), sensorKey(back.sensor(), back.offlineSince()), back.at(),
                    "传感器恢复 sensor back at " + back.at()));
        } else if (event instanceof DeadmanEvent.GatewayOffline o) {
            Optional<String> space = gatewaySpace(o.gateway());
            if (space.isEmpty()) {
                LOG.warn("gateway {} went offline but watches no space of the site inventory: no ticket", o.gateway());
                return;
            }
            draft(TicketKind.DEVICE_OFFLINE, space.get(), gatewayKey(o.gateway(), o.at()), "网关 " + o.gateway() + " 离线")
                    .ifPresent(b -> {
                        b.subject = o.gateway();
                        b.episodeStart = o.at();
                        b.reason = o.reason();
                        service.open(b.build()).ifPresent(g -> service.foldIntoGateway(g, gatewaySensors(o.gateway()),
                                o.at().minus(FOLD_WINDOW), o.at()));
                    });
        } else if (event instanceof DeadmanEvent.GatewayBack back) {
            gatewaySpace(back.gateway()).ifPresent(space -> markBack(space, gatewayKey(back.gateway(), back.offlineSince()),
                    back.at(), "网关恢复 gateway back at " + back.at()));
        }
    }

    private void markBack(String space, String key, Instant at, String note) {
        service.updateEpisode(space, TicketKind.DEVICE_OFFLINE, key, t -> {
            Ticket.Builder b = t.toBuilder();
            b.episodeEnd = at;
            b.updatedAt = service.now();
            return new Lifecycle.Changed(b.build(), List.of(TicketEvent.about(t, service.now(), TicketEvent.SYSTEM, "episode", note)));
        });
    }

    /** A filed ticket for the space, routed; empty (and a warning) when the space is not in the inventory. */
    private Optional<Ticket.Builder> draft(TicketKind kind, String space, String key, String what) {
        Optional<Routing.Route> route = routing.route(space);
        if (route.isEmpty()) {
            LOG.warn("{} event for space {} which is not in the site inventory: no ticket", kind, space);
            return Optional.empty();
        }
        Instant now = service.now();
        Ticket.Builder b = new Ticket.Builder();
        b.kind = kind;
        b.space = space;
        b.grid = route.get().grid();
        b.episodeKey = key;
        b.status = TicketStatus.FILED;
        b.level = route.get().assignment().level();
        b.assignee = route.get().assignment().assignee();
        b.title = route.get().space().name() + " " + what;
        b.filedAt = now;
        b.updatedAt = now;
        b.seriesCount = 1;
        return Optional.of(b);
    }

    static String sensorKey(String sensor, Instant at) {
        return "sensor:" + sensor + "@" + at;
    }

    static String gatewayKey(String gateway, Instant at) {
        return "gateway:" + gateway + "@" + at;
    }

    private Optional<SensorSpec> sensor(String id) {
        return site.gateways().stream().flatMap(g -> g.sensors().stream()).filter(s -> s.id().equals(id)).findFirst();
    }

    private List<String> gatewaySensors(String gateway) {
        return site.gateway(gateway).map(g -> g.sensors().stream().map(SensorSpec::id).toList()).orElse(List.of());
    }

    /** A gateway lives in no space; its ticket goes to the space of its first sensor. */
    private Optional<String> gatewaySpace(String gateway) {
        return site.gateway(gateway).map(GatewaySpec::sensors).filter(l -> !l.isEmpty()).map(l -> l.get(0).space());
    }
}
