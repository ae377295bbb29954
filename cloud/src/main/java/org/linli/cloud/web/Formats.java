package org.linli.cloud.web;

import org.linli.wire.Quality;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How readings are shown to people: local time of the site, values without noise digits, quality in Chinese. */
final class Formats {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Formats() {
    }

    static String localTime(long epochMillis, ZoneId zone) {
        return LOCAL.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    /** {@code occupied=1} or {@code la=62.4 dBA, lamax=70 dBA}; names in order. */
    static String values(Map<String, Double> values, String unit) {
        String suffix = unit == null || unit.isEmpty() || "bool".equals(unit) ? "" : " " + unit;
        return new TreeMap<>(values).entrySet().stream()
                .map(e -> e.getKey() + "=" + number(e.getValue()) + suffix)
                .collect(Collectors.joining(", "));
    }

    /** At most two decimals, no trailing zeros: 1.0 → 1, 62.456 → 62.46. */
    static String number(double v) {
        return BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    static String quality(Quality q) {
        return switch (q) {
            case GOOD -> "正常";
            case SUSPECT -> "存疑";
            case ERROR -> "故障";
            case OFFLINE -> "离线";
        };
    }
}
