package org.linli.gateway.status;

/** The page language: Chinese first, English on {@code ?lang=en}. */
enum Lang {
    ZH("zh-CN"), EN("en");

    private final String tag;

    Lang(String tag) {
        this.tag = tag;
    }

    /** The {@code lang} attribute value. */
    String tag() {
        return tag;
    }

    /** The text in this language. */
    String t(String zh, String en) {
        return this == ZH ? zh : en;
    }

    /** {@code en} picks English; anything else Chinese. */
    static Lang of(String param) {
        return "en".equalsIgnoreCase(param) ? EN : ZH;
    }
}
