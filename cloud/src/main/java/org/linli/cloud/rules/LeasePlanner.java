package org.linli.cloud.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides, for one cloud instance, which rule scopes to keep, take and give up: pure, no I/O.
 *
 * <p>A scope held with the lease still in this instance's name and epoch is kept; one whose lease changed
 * is lost. Each group of scopes (the spaces; the deadman) is balanced on its own: an instance holds at most
 * its fair share, {@code ceil(scopes of the group / live instances)}. It takes free scopes (never leased,
 * released, expired, or its own from before a restart) while below its share, and gives up what is above
 * it, so that a new instance gets its share from the others without any instance taking a lease by force.
 * Among free scopes each instance prefers its own by a hash of (instance, scope), so instances starting
 * together seldom race for the same scope.
 */
public final class LeasePlanner {

    private LeasePlanner() {
    }

    /**
     * What to do.
     *
     * @param keep    held scopes whose lease is still this instance's, with their epoch
     * @param lost    held scopes whose lease is no longer this instance's: drop their state unsaved
     * @param take    scopes to try to take, with the lease as seen (absent: never leased)
     * @param release kept scopes to give up (save their state first)
     */
    public record Plan(Map<String, Long> keep, Set<String> lost, Map<String, Lease> take, List<String> release) {
        public Plan {
            keep = Map.copyOf(keep);
            lost = Set.copyOf(lost);
            take = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(take));
            release = List.copyOf(release);
        }
    }

    /**
     * @param me     this instance
     * @param scopes every scope of the site ({@link RuleEngine#scopes()})
     * @param view   the leases and live instances as just read
     * @param held   the scopes this instance runs, with the epoch it took them at
     * @param now    the time the leases were read at
     */
    public static Plan plan(String me, Set<String> scopes, RuleLeases.View view, Map<String, Long> held, Instant now) {
        Map<String, Long> keep = new TreeMap<>();
        Set<String> lost = new TreeSet<>();
        held.forEach((scope, epoch) -> {
            Lease l = view.leases().get(scope);
            if (l != null && me.equals(l.owner()) && l.epoch() == epoch && scopes.contains(scope)) {
                keep.put(scope, epoch);
            } else {
                lost.add(scope);
            }
        });
        Set<String> live = new HashSet<>(view.live());
        live.add(me);
        Map<String, Lease> take = new LinkedHashMap<>();
        List<String> release = new ArrayList<>();
        Map<String, List<String>> groups = new TreeMap<>();
        scopes.forEach(s -> groups.computeIfAbsent(group(s), g -> new ArrayList<>()).add(s));
        Comparator<String> preferred = Comparator.comparingLong((String s) -> preference(me, s)).thenComparing(s -> s);
        groups.forEach((group, members) -> {
            int fair = (members.size() + live.size() - 1) / live.size();
            List<String> mine = members.stream().filter(keep::containsKey).sorted(preferred).toList();
            for (int i = fair; i < mine.size(); i++) {
                release.add(mine.get(i)); // the least preferred above the share
            }
            int room = fair - mine.size();
            List<String> free = members.stream().filter(s -> !keep.containsKey(s))
                    .filter(s -> {
                        Lease l = view.leases().get(s);
                        return l == null || l.freeAt(now) || me.equals(l.owner());
                    }).sorted(preferred).toList();
            for (int i = 0; i < room && i < free.size(); i++) {
                take.put(free.get(i), view.leases().get(free.get(i)));
            }
        });
        return new Plan(keep, lost, take, release);
    }

    /** The balancing group of a scope: what comes before the first ':' ({@code space:plaza} → {@code space}). */
    static String group(String scope) {
        int colon = scope.indexOf(':');
        return colon < 0 ? scope : scope.substring(0, colon);
    }

    /** A stable pseudo-random rank of {@code scope} for {@code instance} (rendezvous hashing). */
    static long preference(String instance, String scope) {
        long h = (instance + '\u0000' + scope).hashCode();
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
