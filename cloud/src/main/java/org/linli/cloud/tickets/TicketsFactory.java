package org.linli.cloud.tickets;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import org.linli.config.Site;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Builds the tickets core from {@link TicketSettings} and the site; a bad setting stops start-up naming its key. */
@Factory
public class TicketsFactory {

    /** At start-up ({@code @Context}), so a bad calendar setting stops it. */
    @Context
    WorkCalendar workCalendar(TicketSettings s, Site site) {
        List<String> periods = s.workPeriods() == null || s.workPeriods().isEmpty()
                ? List.of("08:30-12:00", "13:30-17:30") : s.workPeriods();
        List<String> days = s.workDays() == null || s.workDays().isEmpty()
                ? List.of("MON", "TUE", "WED", "THU", "FRI") : s.workDays();
        try {
            Set<DayOfWeek> workDays = EnumSet.noneOf(DayOfWeek.class);
            for (String d : days) {
                workDays.add(dayOfWeek(d));
            }
            return new WorkCalendar(site.zone(), periods.stream().map(WorkCalendar.Period::parse).toList(), workDays,
                    dates(s.holidays(), "linli.tickets.holidays"), dates(s.makeUpDays(), "linli.tickets.make-up-days"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("linli.tickets (work-periods, work-days): " + e.getMessage(), e);
        }
    }

    /** At start-up, so a bad time limit stops it. */
    @Context
    DeadlinePolicy deadlinePolicy(TicketSettings s) {
        DeadlinePolicy p = DeadlinePolicy.defaults();
        try {
            p = new DeadlinePolicy(p.limits(), WorkTime.parse(s.callback()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("linli.tickets.callback: " + e.getMessage(), e);
        }
        p = override(p, s.accept(), "linli.tickets.accept", (l, w) -> new DeadlinePolicy.Limits(w, l.resolve()));
        return override(p, s.resolve(), "linli.tickets.resolve", (l, w) -> new DeadlinePolicy.Limits(l.accept(), w));
    }

    @Singleton
    Routing routing(Site site) {
        return new Routing(site);
    }

    @Singleton
    Lifecycle lifecycle(DeadlinePolicy policy, WorkCalendar calendar, Routing routing, TicketSettings s) {
        return new Lifecycle(policy, calendar, routing, s.recheckWindow());
    }

    @Singleton
    Escalation escalation(Routing routing, Site site) {
        return new Escalation(routing, site.zone());
    }

    @Singleton
    Recurrence recurrence(TicketSettings s) {
        return new Recurrence(s.lookBack());
    }

    private interface Merge {
        DeadlinePolicy.Limits apply(DeadlinePolicy.Limits old, WorkTime w);
    }

    private static DeadlinePolicy override(DeadlinePolicy p, Map<String, String> entries, String key, Merge merge) {
        if (entries == null) {
            return p;
        }
        Map<String, DeadlinePolicy.Limits> m = new java.util.HashMap<>(p.limits());
        for (Map.Entry<String, String> e : entries.entrySet()) {
            try {
                String k = DeadlinePolicy.parseKey(e.getKey());
                DeadlinePolicy.Limits base = m.getOrDefault(k, m.get(k.split("/")[0]));
                m.put(k, merge.apply(base, WorkTime.parse(e.getValue())));
            } catch (IllegalArgumentException ex) {
                throw new ConfigurationException(key + "." + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
        return new DeadlinePolicy(m, p.callback());
    }

    private static DayOfWeek dayOfWeek(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equals(t) || d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT).equals(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException("not a day of the week (MON … SUN): " + text);
    }

    private static Set<LocalDate> dates(List<String> texts, String key) {
        Set<LocalDate> out = new HashSet<>();
        if (texts != null) {
            for (String t : texts) {
                try {
                    out.add(LocalDate.parse(t.strip()));
                } catch (java.time.format.DateTimeParseException e) {
                    throw new ConfigurationException(key + ": not a date like 2026-10-01: " + t, e);
                }
            }
        }
        return out;
    }
}
