package org.linli.sim.canteen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The demo's elders: made-up names and fake ID numbers from a seeded generator, so the demo never
 * carries anybody's real data and a run can be repeated. Every ID number starts with region code 99
 * (no such province exists, so it cannot be a real person's) and has a valid GB 11643 check digit, as
 * the cloud's roster import requires.
 */
public final class DemoElders {
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢";
    private static final String GIVEN = "秀英桂兰玉珍淑芬建国建华志强德明金凤桂芝丽华国庆振华文华凤英素兰宝山春生福贵荣海";
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";
    private static final DateTimeFormatter BASIC = DateTimeFormatter.BASIC_ISO_DATE;

    /**
     * One fictional elder, as a roster CSV line describes them.
     *
     * @param idNumber 18-character ID number with region code 99xxxx (fictional) and a valid check digit
     * @param card     Wiegand credential {@code facility:card}, unique within one seed
     */
    public record Elder(String idNumber, String name, YearMonth birth, String hardship, boolean resident,
                        boolean active, String card) {
    }

    private DemoElders() {
    }

    /**
     * {@code count} elders for {@code seed} as of {@code today}: most 60 to 92 years old, one in 25 under 60
     * (full price), one in 20 on 低保 and one in 50 特困, one in 30 suspended (在册 否).
     */
    public static List<Elder> generate(long seed, int count, LocalDate today) {
        Random random = new Random(seed);
        int facility = 1 + (int) Math.floorMod(seed, 255L);
        Set<String> ids = new HashSet<>();
        Set<Integer> cards = new HashSet<>();
        List<Elder> elders = new ArrayList<>(count);
        while (elders.size() < count) {
            int age = random.nextInt(25) == 0 ? 55 + random.nextInt(5) : 60 + random.nextInt(33);
            LocalDate born = today.minusYears(age).minusDays(1 + random.nextInt(360));
            String id = idNumber(random, born);
            int card = 1 + random.nextInt(65_535);
            if (!ids.add(id) || !cards.add(card)) {
                continue;
            }
            String name = name(random);
            int h = random.nextInt(100);
            String hardship = h < 5 ? "低保" : h < 7 ? "特困" : "";
            boolean resident = random.nextInt(10) != 0;
            boolean active = random.nextInt(30) != 0;
            elders.add(new Elder(id, name, YearMonth.from(born), hardship, resident, active, facility + ":" + card));
        }
        return List.copyOf(elders);
    }

    /** The roster CSV the cloud imports ({@code POST /api/canteen/roster}), with Chinese headers. */
    public static String csv(List<Elder> elders) {
        StringBuilder out = new StringBuilder("身份证号,姓名,户籍,出生年月,困难类别,在册,卡号\n");
        for (Elder e : elders) {
            out.append(e.idNumber()).append(',').append(e.name()).append(',').append(e.resident() ? "是" : "否")
                    .append(',').append(e.birth()).append(',').append(e.hardship().isEmpty() ? "无" : e.hardship())
                    .append(',').append(e.active() ? "是" : "否").append(',').append(e.card()).append('\n');
        }
        return out.toString();
    }

    /** Whether {@code id} has the GB 11643 check digit (the cloud's rule). */
    static boolean validIdNumber(String id) {
        return id.length() == 18 && id.charAt(17) == checkDigit(id.substring(0, 17));
    }

    /**
     * Writes the roster CSV: {@code java -cp linli-sim.jar org.linli.sim.canteen.DemoElders SEED COUNT OUT.csv}
     * (ages as of today in Asia/Shanghai). {@link LunchRush} with the same seed and count makes the same elders.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: DemoElders SEED COUNT OUT.csv");
        }
        LocalDate today = LocalDate.now(Clock.system(ZoneId.of("Asia/Shanghai")));
        List<Elder> elders = generate(Long.parseLong(args[0]), Integer.parseInt(args[1]), today);
        Files.writeString(Path.of(args[2]), csv(elders), StandardCharsets.UTF_8);
    }

    private static String idNumber(Random random, LocalDate born) {
        String body = String.format("99%04d", random.nextInt(10_000)) + born.format(BASIC)
                + String.format("%03d", random.nextInt(1_000));
        return body + checkDigit(body);
    }

    private static char checkDigit(String body17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body17.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return ID_CHECK.charAt(sum % 11);
    }

    private static String name(Random random) {
        StringBuilder name = new StringBuilder().append(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
        int given = random.nextInt(4) == 0 ? 1 : 2;
        for (int i = 0; i < given; i++) {
            name.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return name.toString();
    }
}
