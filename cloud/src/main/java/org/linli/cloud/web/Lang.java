package org.linli.cloud.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;

/** The page language: Chinese by default, English when the {@code linli_lang} cookie says {@code en}. */
public enum Lang {
    ZH("zh-CN"), EN("en");

    public static final String COOKIE = "linli_lang";
    private final String tag;

    Lang(String tag) {
        this.tag = tag;
    }

    /** The BCP 47 tag for {@code <html lang>}. */
    public String tag() {
        return tag;
    }

    public static Lang of(HttpRequest<?> request) {
        return request.getCookies().findCookie(COOKIE).map(Cookie::getValue).map(Lang::parse).orElse(ZH);
    }

    public static Lang parse(String value) {
        return "en".equalsIgnoreCase(value) ? EN : ZH;
    }

    public Lang other() {
        return this == ZH ? EN : ZH;
    }
}
