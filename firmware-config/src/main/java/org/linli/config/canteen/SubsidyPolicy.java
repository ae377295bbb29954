package org.linli.config.canteen;

import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A site's elder-canteen subsidy rules: who is subsidised how much, when, and how they may prove who
 * they are. Loaded by {@code org.linli.config.CanteenPolicyLoader}; rules differ by city, so none of
 * this is a constant in code.
 *
 * @param id                 policy id, e.g. {@code beijing}
 * @param name               display name
 * @param ageTiers           subsidies by age
 * @param hardshipTiers      subsidies for hardship groups (低保, 特困 …)
 * @param residencyRequired  only residents (户籍 or residence permit, as the roster records it) are subsidised
 * @param windows            the meal windows, not overlapping, each with its price
 * @param oneMealPerWindow   at most one subsidised meal per person per window across all canteens
 * @param dailyCap           the most one person may be subsidised in a day
 * @param itemPricesFen      prices of named items (e.g. {@code noodles}) that replace the window price
 * @param verification       the methods accepted at the counter; at least one is not {@code FACE}
 * @param faceMinScore       a face match with a lower score (0-100) counts as not matched; 0 trusts the terminal
 */
public record SubsidyPolicy(String id, String name, List<AgeTier> ageTiers, List<HardshipTier> hardshipTiers,
                            boolean residencyRequired, List<MealWindow> windows, boolean oneMealPerWindow,
                            DailyCap dailyCap, Map<String, Long> itemPricesFen, Set<VerificationMethod> verification,
                            int faceMinScore) {

    public SubsidyPolicy {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dailyCap, "dailyCap");
        ageTiers = List.copyOf(ageTiers);
        hardshipTiers = List.copyOf(hardshipTiers);
        windows = List.copyOf(windows);
        itemPricesFen = Map.copyOf(itemPricesFen);
        verification = Set.copyOf(verification);
        if (nonFace(verification).isEmpty()) {
            throw new IllegalArgumentException("a non-face verification method (card, id or pin) must exist");
        }
    }

    /** The window that serves {@code time}, if any. */
    public Optional<MealWindow> windowAt(LocalTime time) {
        return windows.stream().filter(w -> w.covers(time)).findFirst();
    }

    /** The accepted methods other than face, in a stable order (card, id, pin). */
    public List<VerificationMethod> nonFaceMethods() {
        return List.copyOf(nonFace(verification));
    }

    private static Set<VerificationMethod> nonFace(Set<VerificationMethod> methods) {
        Set<VerificationMethod> out = EnumSet.noneOf(VerificationMethod.class);
        methods.stream().filter(m -> m != VerificationMethod.FACE).forEach(out::add);
        return out;
    }

    /** The price of a meal in {@code window}, or of {@code item} when it is named and listed. */
    public long priceFen(MealWindow window, String item) {
        if (item != null && itemPricesFen.containsKey(item)) {
            return itemPricesFen.get(item);
        }
        return window.priceFen();
    }
}
