package org.linli.testkit.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Turns a valid input into a plausible broken one: byte-level damage (flips, cuts, splices) and
 * text-level damage aimed at parsers (deep nesting, huge numbers, odd Unicode, swapped types,
 * repeated keys). Deterministic for a given seed, so a failure can be replayed.
 */
public final class Mutator {
    private static final String[] TOKENS = {
            "null", "true", "false", "0", "-1", "1e309", "-0", "9223372036854775808", "1.7976931348623157E309",
            "\"\"", "\"\\u0000\"", "\"\\ud800\"", "[]", "{}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "\"" + "x".repeat(600) + "\"", "NaN", "Infinity", "\"2026-02-30\"", "\"1950-00\"", "\"../../etc/passwd\"",
            "\"<script>alert(1)</script>\"", "\"' OR 1=1 --\"", "\"张*华\"", "\"\\n\\r\\t\"", "1.5", "\"face\"",
            "{\"image\":\"AAAA\"}", ":", ",", "\"", "}", "]", "\u00ff", "\u202e", "&anchor", "*alias", "!!binary",
            "- ", "  ", "\t", "\n", "#", "0x48", "0o17", "~", "?", "|", ">"
    };

    private final SplittableRandom random;
    private final JsonMutator json;

    public Mutator(long seed) {
        this.random = new SplittableRandom(seed);
        this.json = new JsonMutator(random);
    }

    /**
     * One to four mutations of {@code seed}. Half of the JSON inputs get mutations that keep them
     * JSON, which reach the field checks behind the parser.
     */
    public byte[] mutate(byte[] seed) {
        if (random.nextBoolean()) {
            byte[] structured = seed;
            int rounds = 1 + random.nextInt(3);
            for (int i = 0; i < rounds && structured != null; i++) {
                structured = json.mutate(structured);
            }
            if (structured != null) {
                return structured;
            }
        }
        byte[] out = seed;
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            out = once(out);
        }
        return out;
    }

    private byte[] once(byte[] in) {
        switch (random.nextInt(10)) {
            case 0:
                return flipBit(in);
            case 1:
                return truncate(in);
            case 2:
                return deleteRange(in);
            case 3:
                return duplicateRange(in);
            case 4:
            case 5:
                return insertToken(in);
            case 6:
                return replaceToken(in);
            case 7:
                return nest(in);
            case 8:
                return randomBytes(in);
            default:
                return replaceNumber(in);
        }
    }

    private byte[] flipBit(byte[] in) {
        if (in.length == 0) {
            return in;
        }
        byte[] out = in.clone();
        int i = random.nextInt(out.length);
        out[i] ^= (byte) (1 << random.nextInt(8));
        return out;
    }

    private byte[] truncate(byte[] in) {
        return in.length == 0 ? in : java.util.Arrays.copyOf(in, random.nextInt(in.length));
    }

    private byte[] deleteRange(byte[] in) {
        if (in.length < 2) {
            return in;
        }
        int from = random.nextInt(in.length);
        int to = Math.min(in.length, from + 1 + random.nextInt(32));
        byte[] out = new byte[in.length - (to - from)];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(in, to, out, from, in.length - to);
        return out;
    }

    private byte[] duplicateRange(byte[] in) {
        if (in.length < 2) {
            return in;
        }
        int from = random.nextInt(in.length);
        int len = Math.min(in.length - from, 1 + random.nextInt(64));
        int times = 1 + random.nextInt(random.nextInt(10) == 0 ? 200 : 3);
        byte[] out = new byte[in.length + len * times];
        System.arraycopy(in, 0, out, 0, from + len);
        for (int t = 0; t < times; t++) {
            System.arraycopy(in, from, out, from + len + t * len, len);
        }
        System.arraycopy(in, from + len, out, from + len + times * len, in.length - from - len);
        return out;
    }

    private byte[] insertToken(byte[] in) {
        String text = new String(in, StandardCharsets.UTF_8);
        int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
        String token = TOKENS[random.nextInt(TOKENS.length)];
        return (text.substring(0, at) + token + text.substring(at)).getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces a JSON string or YAML scalar after a colon with a token of another type. */
    private byte[] replaceToken(byte[] in) {
        String text = new String(in, StandardCharsets.UTF_8);
        int colon = nth(text, ':', random.nextInt(Math.max(1, count(text, ':'))));
        if (colon < 0) {
            return insertToken(in);
        }
        int end = colon + 1;
        while (end < text.length() && ",}\n]".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        String token = TOKENS[random.nextInt(TOKENS.length)];
        return (text.substring(0, colon + 1) + (text.charAt(Math.min(colon + 1, text.length() - 1)) == ' ' ? " " : "")
                + token + text.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] nest(byte[] in) {
        int depth = 1 + random.nextInt(random.nextInt(8) == 0 ? 5000 : 20);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String text = new String(in, StandardCharsets.UTF_8);
        return (open.repeat(depth) + text + close.repeat(random.nextInt(4) == 0 ? depth / 2 : depth))
                .getBytes(StandardCharsets.UTF_8);
    }

    private byte[] randomBytes(byte[] in) {
        byte[] junk = new byte[1 + random.nextInt(16)];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) random.nextInt(256);
        }
        int at = in.length == 0 ? 0 : random.nextInt(in.length);
        byte[] out = new byte[in.length + junk.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(junk, 0, out, at, junk.length);
        System.arraycopy(in, at, out, at + junk.length, in.length - at);
        return out;
    }

    private byte[] replaceNumber(byte[] in) {
        String text = new String(in, StandardCharsets.UTF_8);
        int digits = count(text, c -> c >= '0' && c <= '9');
        if (digits == 0) {
            return insertToken(in);
        }
        int target = random.nextInt(digits);
        StringBuilder out = new StringBuilder(text.length() + 24);
        int seen = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && seen++ == target) {
                String[] numbers = {"-", "99999999999999999999", "0", "1e400", ".", "-9", "7", "3.14159"};
                out.append(numbers[random.nextInt(numbers.length)]);
            } else {
                out.append(c);
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int count(String text, char c) {
        return count(text, x -> x == c);
    }

    private static int count(String text, java.util.function.IntPredicate p) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (p.test(text.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    private static int nth(String text, char c, int n) {
        int seen = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c && seen++ == n) {
                return i;
            }
        }
        return -1;
    }
}
