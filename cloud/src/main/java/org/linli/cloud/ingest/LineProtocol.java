package org.linli.cloud.ingest;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@link ReadingPoint}s as InfluxDB 1.x line protocol, precision ms: the lines the spool holds and the
 * writer sends. Written by hand rather than through influxdb-java's {@code Point}, which sorts maps and
 * formats every float with a {@code DecimalFormat} per point: this is on the ingest's hot path.
 *
 * <p>Tags in key order ({@code gateway, grid, sensor, site, space}), as InfluxDB sorts them; fields:
 * the values by name (floats, Java's shortest exact decimal, so a point written again is the very same
 * point), {@code message} and {@code quality} (strings), {@code seq} (integer). Keys are escaped for
 * {@code , = } and space, strings for {@code "} and {@code \}. Thread-safe (stateless).
 */
public final class LineProtocol {

    private LineProtocol() {
    }

    /** {@code points}, one line each, no trailing newline. */
    public static String of(List<ReadingPoint> points) {
        StringBuilder b = new StringBuilder(points.size() * 160);
        for (ReadingPoint p : points) {
            if (!b.isEmpty()) {
                b.append('\n');
            }
            append(b, p);
        }
        return b.toString();
    }

    /** Appends the line of {@code p}. */
    public static void append(StringBuilder b, ReadingPoint p) {
        key(b, p.measurement());
        b.append(",gateway=");
        key(b, p.gateway());
        b.append(",grid=");
        key(b, p.grid());
        b.append(",sensor=");
        key(b, p.sensor());
        b.append(",site=");
        key(b, p.site());
        b.append(",space=");
        key(b, p.space());
        b.append(' ');
        Map<String, Double> values = p.values();
        String[] names = values.keySet().toArray(new String[0]);
        Arrays.sort(names);
        for (String name : names) {
            key(b, name);
            b.append('=').append(values.get(name).doubleValue()).append(',');
        }
        if (p.message() != null) {
            b.append("message=\"");
            string(b, p.message());
            b.append("\",");
        }
        b.append("quality=\"").append(p.quality().wireName()).append("\",seq=").append(p.seq()).append("i ")
                .append(p.time());
    }

    private static void key(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == ',' || c == '=') {
                b.append('\\');
            }
            b.append(c);
        }
    }

    private static void string(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
    }
}
