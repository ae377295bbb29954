package org.linli.cloud.tickets;

/** What a ticket is about; each kind has its own deadlines. */
public enum TicketKind {
    /** Square-dance noise: a noise episode of the noise rule. */
    NOISE("噪声扰民"),
    /** A space that must stay clear was occupied past its dwell time. */
    ENCROACHMENT("占用公共空间"),
    /** A sensor or gateway stopped reporting. */
    DEVICE_OFFLINE("设备离线"),
    /** Filed by a resident or a city system through Open311. */
    RESIDENT_REPORT("居民诉求");

    private final String zh;

    TicketKind(String zh) {
        this.zh = zh;
    }

    /** The kind's name for staff, zh-CN. */
    public String zh() {
        return zh;
    }
}
