package org.linli.cloud.canteen;

import org.linli.config.canteen.AgeTier;
import org.linli.config.canteen.HardshipTier;
import org.linli.config.canteen.SubsidyBasis;
import org.linli.config.canteen.SubsidyPolicy;

import java.util.HashMap;
import java.util.Map;

/**
 * What one member may be subsidised in a day under a canteen's policy, across all canteens: the daily
 * cap (meals, fen) and, for a per-day tier such as Beijing's 5 yuan a day, that tier's amount. Offline
 * counters cannot see each other's meals; the cloud checks this when they reconcile. Pure.
 *
 * @param maxMeals      most subsidised meals a day
 * @param maxSubsidyFen most subsidy a day, whatever the tier
 * @param perDayTierFen per-day tiers by code (e.g. {@code age-60} → 500)
 */
public record DailyLimit(int maxMeals, long maxSubsidyFen, Map<String, Long> perDayTierFen) {

    public DailyLimit {
        perDayTierFen = Map.copyOf(perDayTierFen);
    }

    public static DailyLimit of(SubsidyPolicy policy) {
        Map<String, Long> perDay = new HashMap<>();
        for (AgeTier t : policy.ageTiers()) {
            if (t.basis() == SubsidyBasis.DAY) {
                perDay.put(t.code(), t.subsidyFen());
            }
        }
        for (HardshipTier t : policy.hardshipTiers()) {
            if (t.basis() == SubsidyBasis.DAY) {
                perDay.put(t.code(), t.subsidyFen());
            }
        }
        return new DailyLimit(policy.dailyCap().maxMeals(), policy.dailyCap().maxSubsidyFen(), perDay);
    }

    /**
     * Why a member's day is over the limit, or null when it is not.
     *
     * @param tier       the tier of the meal just stored
     * @param meals      the member's subsidised meals that day at every canteen, this one included
     * @param subsidyFen their subsidy that day, this one included
     */
    public String exceeded(String tier, long meals, long subsidyFen) {
        if (meals > maxMeals) {
            return meals + " subsidised meals that day, the policy allows " + maxMeals;
        }
        long max = maxSubsidyFen;
        Long perDay = tier == null ? null : perDayTierFen.get(tier);
        if (perDay != null && perDay < max) {
            max = perDay;
        }
        if (subsidyFen > max) {
            return Settlement.yuan(subsidyFen) + " yuan subsidy that day, the policy allows " + Settlement.yuan(max);
        }
        return null;
    }
}
