package org.linli.config.canteen;

import java.util.Objects;

/**
 * A subsidy for everyone of at least {@code minAge}, e.g. Beijing's 5 yuan a day for 60+.
 *
 * @param minAge     age in whole years reached at the meal date (see the engine for the birth-month rule)
 * @param subsidyFen amount in fen, at least 1
 * @param basis      per meal or per day
 */
public record AgeTier(int minAge, long subsidyFen, SubsidyBasis basis) {

    public AgeTier {
        Objects.requireNonNull(basis, "basis");
        if (minAge < 0 || subsidyFen < 1) {
            throw new IllegalArgumentException("minAge >= 0 and subsidyFen >= 1 required");
        }
    }

    /** A stable code for the ledger and the settlement, e.g. {@code age-60}. */
    public String code() {
        return "age-" + minAge;
    }
}
