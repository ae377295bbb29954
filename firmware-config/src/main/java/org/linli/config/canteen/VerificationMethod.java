package org.linli.config.canteen;

/**
 * How an elder proved who they are at the counter. Face matching happens on the terminal, which sends
 * only the member id, the result and a score; the others are the non-face alternatives that PIPL and
 * the 2025 facial-recognition measures require to exist.
 */
public enum VerificationMethod {
    /** Face matched on the terminal. */
    FACE("人脸", "face"),
    /** A member card (Wiegand or network reader). */
    CARD("刷卡", "card"),
    /** The resident ID card (身份证). */
    ID("身份证", "ID card"),
    /** A PIN typed at the counter. */
    PIN("PIN 码", "PIN");

    private final String zh;
    private final String en;

    VerificationMethod(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    /** Display name in Chinese, e.g. 刷卡. */
    public String zh() {
        return zh;
    }

    /** Display name in English, e.g. card. */
    public String en() {
        return en;
    }
}
