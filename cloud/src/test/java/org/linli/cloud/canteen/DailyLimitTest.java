package org.linli.cloud.canteen;

import org.junit.jupiter.api.Test;
import org.linli.config.CanteenPolicyLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DailyLimitTest {

    @Test
    void shouldAllowBeijingsFiveYuanADayOnceAcrossCanteens() throws Exception {
        DailyLimit beijing = DailyLimit.of(CanteenPolicyLoader.preset("beijing"));
        assertNull(beijing.exceeded("age-60", 1, 500));
        assertNull(beijing.exceeded("age-60", 2, 500), "the day's 5 yuan split over two meals");
        assertEquals("10.00 yuan subsidy that day, the policy allows 5.00", beijing.exceeded("age-60", 2, 1000));
    }

    @Test
    void shouldNotLimitPerMealTiersWithoutACap() throws Exception {
        DailyLimit futian = DailyLimit.of(CanteenPolicyLoader.preset("shenzhen-futian"));
        assertNull(futian.exceeded("dibao-60", 3, 4500));
        assertNull(futian.exceeded("age-70", 3, 1500));
    }

    @Test
    void shouldApplyTheDailyCapOfMealsAndFen() {
        DailyLimit capped = new DailyLimit(2, 1200, java.util.Map.of());
        assertNull(capped.exceeded("age-60", 2, 1200));
        assertEquals("3 subsidised meals that day, the policy allows 2", capped.exceeded("age-60", 3, 1200));
        assertEquals("13.00 yuan subsidy that day, the policy allows 12.00", capped.exceeded("age-60", 2, 1300));
    }
}
