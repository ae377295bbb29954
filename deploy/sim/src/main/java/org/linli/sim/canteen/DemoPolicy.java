package org.linli.sim.canteen;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * The demo's subsidy policy: Beijing's rule (5 yuan a day for 60 and over, lunch at 15 yuan) with one
 * lunch window around the time the demo runs, so a demo at any hour shows a lunch rush rather than
 * "不在用餐时段". The Beijing preset's windows are fixed (11:00-13:30); this is demo data only.
 */
public final class DemoPolicy {
    /** How far the demo's lunch window reaches before and after the time it is made. */
    static final int HALF_WIDTH_MINUTES = 90;

    private DemoPolicy() {
    }

    /**
     * The policy YAML (CanteenPolicyLoader's format) with a lunch window from {@code now − 90 min} to
     * {@code now + 90 min}, within the day.
     */
    public static String yaml(LocalTime now) {
        LocalTime t = now.truncatedTo(ChronoUnit.MINUTES);
        LocalTime from = t.getHour() * 60 + t.getMinute() < HALF_WIDTH_MINUTES ? LocalTime.MIDNIGHT
                : t.minusMinutes(HALF_WIDTH_MINUTES);
        LocalTime to = t.isAfter(LocalTime.of(23, 59).minusMinutes(HALF_WIDTH_MINUTES)) ? LocalTime.of(23, 59)
                : t.plusMinutes(HALF_WIDTH_MINUTES);
        return """
                # Demo policy (deploy/sim LunchRush): Beijing's 5 yuan a day for 60+, lunch around the demo's time.
                id: beijing-demo
                name: 北京市养老助餐补贴（演示：午餐时段随演示时间）
                residencyRequired: false
                ageTiers:
                  - minAge: 60
                    subsidyFen: 500
                    per: day
                oneMealPerWindow: true
                windows:
                  - name: lunch
                    label: 午餐
                    from: "%s"
                    to: "%s"
                    priceFen: 1500
                verification: [face, card, id, pin]
                """.formatted(from, to);
    }
}
