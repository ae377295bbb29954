package org.linli.cloud.tickets;

import jakarta.inject.Singleton;
import org.linli.cloud.rules.DeadmanEvent;
import org.linli.cloud.rules.EncroachmentEvent;
import org.linli.cloud.rules.NoiseEvent;
import org.linli.cloud.rules.RuleEventSink;
import org.linli.config.Site;
import org.linli.config.Space;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The in-process hub behind {@code GET /api/events}: every rule event and every ticket change, to
 * every connected dashboard. Each event gets an id ({@code <epoch>-<n>}: this process's start and a counter), and
 * the last {@link #KEEP} events are kept in memory, so a dashboard that lost its connection asks for what came
 * after the last id it saw ({@code Last-Event-ID}, sent by the browser's {@code EventSource} on its own) and gets
 * it replayed before the live events, none twice. Still best effort: what fell out of the ring, or happened
 * before a restart of the cloud, is reported as a gap (the ticket list is the record).
 */
@Singleton
public class LiveEvents implements RuleEventSink {
    /** How many recent events are kept for replay. */
    public static final int KEEP = 1000;

    /** An event with its id in this process's sequence. */
    public record Numbered(long seq, String id, LiveEvent event) {
    }

    /**
     * What a subscriber gets: the replayed and then the live events; {@code gap} when some events it asked for
     * are no longer kept (fallen out of the ring, or sent by the process before a restart).
     */
    public record Subscription(Flux<Numbered> events, boolean gap) {
    }

    private final Sinks.Many<Numbered> sink = Sinks.many().replay().limit(KEEP);
    private final String epoch = Long.toString(System.currentTimeMillis(), 36);
    private final Site site;
    private long seq;

    public LiveEvents(Site site) {
        this.site = site;
    }

    /** The stream from now on (nothing replayed). */
    public Flux<LiveEvent> stream() {
        return subscribe(null).events().map(Numbered::event);
    }

    /**
     * The events after {@code lastEventId} (an id this hub gave out; null or unreadable: from now on), then the
     * live ones. The replayed part and the live part meet without a loss or a double: both come from one
     * replaying sink, cut by sequence number.
     */
    public synchronized Subscription subscribe(String lastEventId) {
        long now = seq;
        long oldestKept = Math.max(1, now - KEEP + 1);
        long after;
        boolean gap;
        if (lastEventId == null || lastEventId.isBlank()) {
            after = now;
            gap = false;
        } else {
            long n = ownSeq(lastEventId);
            if (n >= 0 && n <= now) {
                after = n;
                gap = n + 1 < oldestKept;
            } else {
                // another process's id (the cloud restarted: what it sent before is gone) or garbage: all we keep
                after = 0;
                gap = true;
            }
        }
        long from = after;
        return new Subscription(sink.asFlux().filter(e -> e.seq() > from), gap);
    }

    /** The sequence number in an id this process gave out; -1 for any other text. */
    private long ownSeq(String id) {
        String prefix = epoch + "-";
        if (!id.startsWith(prefix)) {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Sends one event to the current subscribers and keeps it for replay. */
    public synchronized void publish(LiveEvent e) {
        seq++;
        sink.tryEmitNext(new Numbered(seq, epoch + "-" + seq, e));
    }

    /** Sends a ticket's change. */
    public void ticket(String type, Ticket t, TicketEvent e) {
        String summary = "#" + t.id() + " " + t.title() + "：" + eventZh(e) + (e.note() == null ? "" : "（" + e.note() + "）");
        publish(new LiveEvent(type, t.space(), t.grid(), e.at().toString(), summary, t.id(), t.status().name(),
                t.level().name(), t.assignee()));
    }

    @Override
    public void noise(NoiseEvent event) {
        String name = spaceName(event.space());
        if (event instanceof NoiseEvent.EpisodeStarted s) {
            alert("noise-started", s.space(), s.start(), name + " 广场舞噪声开始：滚动LAeq " + db(s.peakDb()) + "，限值 " + db(s.limitDb()));
        } else if (event instanceof NoiseEvent.EpisodeUpdated u) {
            alert("noise-updated", u.space(), u.at(), name + " 噪声新峰值 " + db(u.peakDb()) + "，LAeq " + db(u.laeqDb()));
        } else if (event instanceof NoiseEvent.EpisodeEnded e) {
            alert("noise-ended", e.space(), e.end(), name + " 噪声结束：持续 " + minutes(Duration.between(e.start(), e.end()))
                    + "，LAeq " + db(e.laeqDb()) + "，峰值 " + db(e.peakDb()));
        } else if (event instanceof NoiseEvent.NightImpulse i) {
            alert("night-impulse", i.space(), i.minute(), name + " 夜间突发噪声 Lmax " + db(i.lmaxDb()) + "，超过 " + db(i.limitDb()));
        }
    }

    @Override
    public void encroachment(EncroachmentEvent event) {
        String name = spaceName(event.space());
        if (event instanceof EncroachmentEvent.EncroachmentStarted s) {
            alert("encroachment-started", s.space(), s.startedAt(), name + " 被占用超过 " + minutes(s.dwell()));
        } else if (event instanceof EncroachmentEvent.EncroachmentEnded e) {
            alert("encroachment-ended", e.space(), e.end(), name + " 占用结束，共 " + minutes(e.occupied())
                    + (e.uncertain() ? "（期间传感器离线 " + minutes(e.unknown()) + "）" : ""));
        }
    }

    @Override
    public void deadman(DeadmanEvent event) {
        if (event instanceof DeadmanEvent.SensorOffline o) {
            alert("sensor-offline", sensorSpace(o.sensor()), o.at(), "传感器 " + o.sensor() + " 离线：" + o.reason());
        } else if (event instanceof DeadmanEvent.SensorBack b) {
            alert("sensor-back", sensorSpace(b.sensor()), b.at(), "传感器 " + b.sensor() + " 恢复");
        } else if (event instanceof DeadmanEvent.GatewayOffline o) {
            alert("gateway-offline", null, o.at(), "网关 " + o.gateway() + " 离线：" + o.reason());
        } else if (event instanceof DeadmanEvent.GatewayBack b) {
            alert("gateway-back", null, b.at(), "网关 " + b.gateway() + " 恢复");
        }
    }

    private void alert(String type, String space, Instant at, String summary) {
        String grid = space == null ? null : site.space(space).map(Space::grid).orElse(null);
        publish(new LiveEvent(type, space, grid, at.toString(), summary, null, null, null, null));
    }

    private String spaceName(String space) {
        return site.space(space).map(Space::name).orElse(space);
    }

    private String sensorSpace(String sensor) {
        return site.gateways().stream().flatMap(g -> g.sensors().stream()).filter(s -> s.id().equals(sensor))
                .map(s -> s.space()).findFirst().orElse(null);
    }

    static String eventZh(TicketEvent e) {
        return switch (e.type()) {
            case "opened" -> "立案";
            case "dispatch" -> "派单";
            case "accept" -> "接单";
            case "start" -> "开始处置";
            case "resolve" -> "办结";
            case "evaluate" -> "评价";
            case "close" -> "关闭";
            case "return" -> "退回";
            case "reject" -> "不予受理";
            case "note" -> "备注";
            case "escalated" -> "升级";
            case "overdue" -> "超时";
            case "episode" -> "事件更新";
            case "recheck" -> "复查";
            case "photo" -> "照片";
            default -> e.type();
        };
    }

    static String db(double v) {
        return String.format(Locale.ROOT, "%.1f dB(A)", v);
    }

    static String minutes(Duration d) {
        return d.toMinutes() + " 分钟";
    }
}
