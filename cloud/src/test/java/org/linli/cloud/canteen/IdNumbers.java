package org.linli.cloud.canteen;

/** Test ID numbers with a correct GB 11643 check digit. */
final class IdNumbers {
    private static final int[] W = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    private IdNumbers() {
    }

    /** An ID number of someone born in {@code yyyyMMdd}, distinguished by {@code seq} (0-999). */
    static String of(String yyyyMMdd, int seq) {
        String body = "110105" + yyyyMMdd + String.format("%03d", seq);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * W[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }
}
