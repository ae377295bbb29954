package org.linli.cloud.auth;

import jakarta.inject.Singleton;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** Requests refused by the web guard, counted by reason ({@code csrf}, {@code cross-origin}, {@code oversize}). */
@Singleton
public class WebCounters {
    private final ConcurrentMap<String, AtomicLong> refused = new ConcurrentHashMap<>();

    public void refused(String reason) {
        refused.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        refused.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
