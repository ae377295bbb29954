package org.linli.cloud.tickets;

import org.linli.config.Grid;
import org.linli.config.NoiseZone;
import org.linli.config.Site;
import org.linli.config.Space;
import org.linli.config.SpaceKind;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/** The demo site's shape and tickets built by hand, for the core's tests. */
final class Fixtures {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Site SITE = new Site("huayuan", "花园社区", ZONE,
            List.of(new Grid("g1", "第一网格片区", 1, null, null, "王建华"),
                    new Grid("g1-1", "东区网格", 3, "g1", "李秀英", null),
                    new Grid("g2-1", "西区网格", 3, null, null, null)),
            List.of(new Space("plaza-east", "东广场", SpaceKind.PLAZA, "g1-1", NoiseZone.CLASS_1, List.of()),
                    new Space("fire-lane-3", "3号楼消防通道", SpaceKind.FIRE_LANE, "g1-1", NoiseZone.CLASS_1, List.of()),
                    new Space("west-yard", "西院", SpaceKind.OTHER, "g2-1", NoiseZone.CLASS_2, List.of())),
            List.of(), List.of());
    static final Routing ROUTING = new Routing(SITE);
    static final WorkCalendar CALENDAR = WorkCalendar.defaults(ZONE);
    static final Lifecycle LIFECYCLE = new Lifecycle(DeadlinePolicy.defaults(), CALENDAR, ROUTING, Duration.ofHours(24));

    private Fixtures() {
    }

    /** Local time in the site's zone. */
    static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZONE).toInstant();
    }

    /** A filed noise ticket on plaza-east, held by the grid worker. */
    static Ticket filed(long id, Instant filedAt) {
        Ticket.Builder b = new Ticket.Builder();
        b.id = id;
        b.kind = TicketKind.NOISE;
        b.space = "plaza-east";
        b.grid = "g1-1";
        b.episodeKey = filedAt.toString();
        b.status = TicketStatus.FILED;
        b.level = Level.WORKER;
        b.assignee = "李秀英";
        b.title = "东广场 噪声扰民";
        b.filedAt = filedAt;
        b.updatedAt = filedAt;
        b.seriesCount = 1;
        return b.build();
    }

    /** Applies a command that must succeed. */
    static Ticket must(Ticket t, Action a, Instant now) {
        return must(t, new Lifecycle.Command(a, "wang", a == Action.RETURN || a == Action.REJECT || a == Action.NOTE
                ? "reason" : null, a == Action.EVALUATE ? Boolean.TRUE : null), now);
    }

    static Ticket must(Ticket t, Lifecycle.Command c, Instant now) {
        Lifecycle.Decision d = LIFECYCLE.apply(t, c, now, SpaceKind.PLAZA);
        if (d instanceof Lifecycle.Changed changed) {
            return changed.ticket();
        }
        throw new AssertionError("refused: " + d);
    }
}
