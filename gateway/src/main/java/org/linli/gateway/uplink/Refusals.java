package org.linli.gateway.uplink;

import org.linli.wire.Reading;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Readings a full buffer refused, per sensor and class, until their gap markers can be written.
 * A refused reading cannot get its marker at once: the buffer is full of data worth more, and a
 * marker per refused reading would grow it without bound. The markers are written when the next
 * batch is sealed, one per sensor and class however many were refused. Not thread-safe.
 */
final class Refusals {
    private final Map<String, long[]> refused = new LinkedHashMap<>();
    private final Map<String, DataClass> classes = new LinkedHashMap<>();

    void add(Reading r, DataClass dataClass) {
        String key = dataClass.ordinal() + "/" + r.sensor();
        long[] s = refused.computeIfAbsent(key, k -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
        classes.put(key, dataClass);
        s[0]++;
        s[1] = Math.min(s[1], r.ts());
        s[2] = Math.max(s[2], r.ts());
    }

    boolean isEmpty() {
        return refused.isEmpty();
    }

    /** Why a refusal marker was written. */
    static final String WHY = "buffer full of higher-class data: refused";

    /** A marker and the class of the readings it stands for. */
    record Marker(DataClass dataClass, Reading reading) {
    }

    /** The markers of everything refused since the last call. */
    List<Marker> drain() {
        List<Marker> out = new ArrayList<>(refused.size());
        refused.forEach((key, s) -> out.add(new Marker(classes.get(key), GapMarkers.marker(key.substring(key.indexOf('/') + 1),
                classes.get(key), s[0], s[1], s[2], WHY))));
        refused.clear();
        classes.clear();
        return out;
    }
}
