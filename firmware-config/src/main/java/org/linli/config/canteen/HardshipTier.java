package org.linli.config.canteen;

import java.util.Objects;

/**
 * A subsidy for members of a hardship group (e.g. {@code dibao} 低保, {@code tekun} 特困) of at least
 * {@code minAge}, e.g. Shenzhen Futian's 15 yuan a meal for 60+ in hardship groups.
 *
 * @param category   the roster's hardship category id
 * @param minAge     age in whole years reached at the meal date; 0 for any age
 * @param subsidyFen amount in fen, at least 1
 * @param basis      per meal or per day
 */
public record HardshipTier(String category, int minAge, long subsidyFen, SubsidyBasis basis) {

    public HardshipTier {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(basis, "basis");
        if (minAge < 0 || subsidyFen < 1) {
            throw new IllegalArgumentException("minAge >= 0 and subsidyFen >= 1 required");
        }
    }

    /** A stable code for the ledger and the settlement, e.g. {@code dibao-60}. */
    public String code() {
        return category + "-" + minAge;
    }
}
