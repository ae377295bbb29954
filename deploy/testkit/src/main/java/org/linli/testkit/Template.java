package org.linli.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service configuration templates of {@code deploy/local/conf}, which the build copies onto the
 * class path, and their rendering. The rule is the one {@code deploy/local/stack.sh} applies with sed:
 * every {@code @KEY@} is replaced by its value, and a placeholder left without a value is an error, so
 * that a template edited for one side cannot silently break the other.
 */
final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z_]+)@");

    private Template() {
    }

    /** Reads a template, e.g. {@code mosquitto.conf.tmpl}, from {@code org/linli/testkit/conf}. */
    static String load(String name) {
        try (InputStream in = Template.class.getResourceAsStream("conf/" + name)) {
            if (in == null) {
                throw new IllegalStateException("template conf/" + name + " not on the class path of "
                        + Template.class.getName() + " (it is copied there from deploy/local/conf by the build)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template conf/" + name, e);
        }
    }

    /** Replaces every {@code @KEY@} by {@code values.get("KEY")}; fails on a placeholder without value. */
    static String render(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length());
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for placeholder " + matcher.group()
                        + " (given: " + values.keySet() + ")");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
