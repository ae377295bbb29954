package org.linli.cloud.tickets;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings under {@code linli.tickets}: the working calendar, the time limits and the loop's windows.
 * Parsed into the core's {@link WorkCalendar} and {@link DeadlinePolicy} by {@link TicketsFactory},
 * which stops start-up naming the key of a bad value.
 *
 * @param workPeriods    working periods of a day, e.g. {@code [08:30-12:00, 13:30-17:30]} (default)
 * @param workDays       working days of the week, e.g. {@code [MON, TUE, WED, THU, FRI]} (default)
 * @param holidays       dates off although on a working day, e.g. {@code [2026-10-01, 2026-10-02]}
 * @param makeUpDays     make-up working days (调休) although on a weekend, e.g. {@code [2026-10-10]}
 * @param accept         accept limits by kind, overriding the defaults: {@code noise: 2h},
 *                       {@code encroachment-fire-lane: 1h} (kind, optionally {@code -<space kind>})
 * @param resolve        resolve limits, the same way: {@code resident-report: 13d}, {@code noise: same-day}
 * @param callback       from resolution to the callback ({@code 1d})
 * @param lookBack       recurrence look-back ({@code 30d})
 * @param recheckWindow  how long a resolved noise or encroachment ticket watches its space ({@code 24h})
 * @param autoDispatch   tickets the rules open and residents file are dispatched to the routed holder at
 *                       once (true); false leaves them filed for a dispatcher
 * @param evidenceBefore the evidence series starts this long before the episode ({@code 30m})
 * @param evidenceAfter  and ends this long after it ({@code 30m})
 */
@ConfigurationProperties("linli.tickets")
public record TicketSettings(
        @Nullable List<String> workPeriods,
        @Nullable List<String> workDays,
        @Nullable List<String> holidays,
        @Nullable List<String> makeUpDays,
        @Nullable Map<String, String> accept,
        @Nullable Map<String, String> resolve,
        @Bindable(defaultValue = "1d") @NotNull String callback,
        @Bindable(defaultValue = "30d") @NotNull Duration lookBack,
        @Bindable(defaultValue = "24h") @NotNull Duration recheckWindow,
        @Bindable(defaultValue = "true") boolean autoDispatch,
        @Bindable(defaultValue = "30m") @NotNull Duration evidenceBefore,
        @Bindable(defaultValue = "30m") @NotNull Duration evidenceAfter) {
}
