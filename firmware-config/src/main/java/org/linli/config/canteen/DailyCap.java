package org.linli.config.canteen;

/**
 * The most one person may be subsidised in a day, across all canteens.
 *
 * @param maxMeals      subsidised meals a day; {@link Integer#MAX_VALUE} for no limit
 * @param maxSubsidyFen subsidy a day in fen; {@link Long#MAX_VALUE} for no limit
 */
public record DailyCap(int maxMeals, long maxSubsidyFen) {

    /** No daily limit beyond one meal per window. */
    public static final DailyCap NONE = new DailyCap(Integer.MAX_VALUE, Long.MAX_VALUE);

    public DailyCap {
        if (maxMeals < 1 || maxSubsidyFen < 1) {
            throw new IllegalArgumentException("a daily cap allows at least one meal and one fen");
        }
    }

    public boolean limitsMeals() {
        return maxMeals != Integer.MAX_VALUE;
    }

    public boolean limitsSubsidy() {
        return maxSubsidyFen != Long.MAX_VALUE;
    }
}
