package org.linli.cloud.canteen;

/**
 * Masks a full name for the counter display: 张华 → 张*, 张三华 → 张*华, 欧阳小华 → 欧*华. Enough for the
 * elder and the staff to recognise it, too little to identify a stranger. Counts code points, so
 * names with characters outside the Basic Multilingual Plane mask whole characters.
 */
public final class NameMask {

    private NameMask() {
    }

    /**
     * @param fullName the name as enrolled, trimmed; not blank
     * @return one character: {@code *}; two: the first and {@code *}; three or more: first, {@code *}, last
     */
    public static String mask(String fullName) {
        String name = fullName.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a name to mask must not be blank");
        }
        int[] cps = name.codePoints().toArray();
        if (cps.length == 1) {
            return "*";
        }
        String first = new String(cps, 0, 1);
        if (cps.length == 2) {
            return first + "*";
        }
        return first + "*" + new String(cps, cps.length - 1, 1);
    }
}
