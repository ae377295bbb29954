package org.linli.config.canteen;

/** Whether a tier's amount is granted for each subsidised meal or once a day. */
public enum SubsidyBasis {
    /** The amount is taken off every subsidised meal (Shenzhen Futian, Xuyi). */
    MEAL,
    /**
     * The amount is granted once per day (Beijing): it is taken off the day's first subsidised meal, up to
     * that meal's price, and what is left carries over to the day's later meals until it is used up.
     */
    DAY
}
