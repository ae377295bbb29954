package org.linli.cloud.canteen;

import org.linli.config.Ids;

import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a roster spreadsheet saved as CSV (UTF-8, with or without BOM; RFC 4180 quoting; header
 * names in Chinese or English) into rows, checking every line and naming each problem by line number
 * and column. The caller imports nothing when any problem is found.
 *
 * <p>Columns (header names in any order, case-insensitive): 身份证号 / id_number (required, checked with
 * the GB 11643 check digit), 姓名 / name (required), 户籍 / resident (required: 是/否, yes/no, true/false,
 * 1/0), 出生年月 / birth (yyyy-MM, yyyy/MM, yyyyMM, yyyy-MM-dd or 1950年3月; blank: from the ID number),
 * 困难类别 / hardship (blank for none; 低保 dibao, 特困 tekun, 低边 dibian or an id), 在册 / active (default
 * 是), 卡号 / card ({@code facility:card}, blank for none).
 */
public final class RosterCsv {
    /** Most data lines in one import (a county's elders with room to spare). */
    public static final int MAX_ROWS = 100_000;

    enum Column { KEY, NAME, BIRTH, HARDSHIP, RESIDENT, ACTIVE, CARD }

    private static final Map<String, Column> HEADERS = new HashMap<>();
    private static final Map<String, String> HARDSHIP_NAMES = Map.of("低保", "dibao", "特困", "tekun",
            "低边", "dibian", "低收入", "dibian");
    private static final Pattern ID_NUMBER = Pattern.compile("\\d{17}[\\dX]");
    private static final Pattern CARD = Pattern.compile("\\d{1,5}:\\d{1,10}");
    private static final Pattern CHINESE_MONTH = Pattern.compile("(\\d{4})年(\\d{1,2})月?");
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";

    static {
        alias(Column.KEY, "身份证号", "身份证号码", "身份证", "id_number", "id-number", "idnumber", "id_card", "idcard", "key");
        alias(Column.NAME, "姓名", "name", "full_name", "fullname");
        alias(Column.BIRTH, "出生年月", "出生日期", "birth", "birth_month", "birthday");
        alias(Column.HARDSHIP, "困难类别", "困难类型", "hardship", "hardship_category");
        alias(Column.RESIDENT, "户籍", "本地户籍", "resident", "residency");
        alias(Column.ACTIVE, "在册", "状态", "active");
        alias(Column.CARD, "卡号", "card", "wiegand");
    }

    private static void alias(Column c, String... names) {
        for (String n : names) {
            HEADERS.put(n.toLowerCase(Locale.ROOT), c);
        }
    }

    private RosterCsv() {
    }

    /** One valid line of the file. */
    public record Row(int line, String externalKey, String fullName, YearMonth birth, String hardship,
                      boolean resident, boolean active, String card) {
    }

    /** What is wrong with a line: its number in the file (the header is line 1), the column, and why. */
    public record Problem(int line, String column, String message) {
        @Override
        public String toString() {
            return "line " + line + (column.isEmpty() ? "" : ", " + column) + ": " + message;
        }
    }

    /** Every valid row, or every problem; rows are only to be used when problems is empty. */
    public record Result(List<Row> rows, List<Problem> problems) {
        public Result {
            rows = List.copyOf(rows);
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public static Result parse(String text) {
        List<Problem> problems = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Record> records;
        try {
            records = split(body);
        } catch (IllegalArgumentException e) {
            return new Result(List.of(), List.of(new Problem(lineOf(e), "", e.getMessage())));
        }
        if (records.isEmpty() || records.get(0).fields().stream().allMatch(String::isBlank)) {
            return new Result(List.of(), List.of(new Problem(1, "", "no header line")));
        }
        Record header = records.get(0);
        Map<Column, Integer> columns = new LinkedHashMap<>();
        Map<Column, String> columnNames = new HashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String name = header.fields().get(i).strip();
            Column c = HEADERS.get(name.toLowerCase(Locale.ROOT));
            if (c == null) {
                problems.add(new Problem(1, name, "unknown column (known: 身份证号, 姓名, 出生年月, 困难类别, 户籍, 在册, 卡号 "
                        + "or id_number, name, birth, hardship, resident, active, card)"));
            } else if (columns.putIfAbsent(c, i) != null) {
                problems.add(new Problem(1, name, "column given twice"));
            } else {
                columnNames.put(c, name);
            }
        }
        for (Column required : List.of(Column.KEY, Column.NAME, Column.RESIDENT)) {
            if (!columns.containsKey(required)) {
                problems.add(new Problem(1, "", "missing column " + englishName(required)));
            }
        }
        if (!problems.isEmpty()) {
            return new Result(List.of(), problems);
        }
        int dataLines = 0;
        Map<String, Integer> keys = new HashMap<>();
        Map<String, Integer> cards = new HashMap<>();
        for (Record r : records.subList(1, records.size())) {
            if (r.fields().stream().allMatch(String::isBlank)) {
                continue;
            }
            if (++dataLines > MAX_ROWS) {
                problems.add(new Problem(r.line(), "", "more than " + MAX_ROWS + " members in one file"));
                break;
            }
            if (r.fields().size() != header.fields().size()) {
                problems.add(new Problem(r.line(), "", r.fields().size() + " fields, the header has " + header.fields().size()));
                continue;
            }
            LineReader line = new LineReader(r, columns, columnNames, problems);
            Optional<Row> row = line.row();
            if (row.isEmpty()) {
                continue;
            }
            Integer earlier = keys.putIfAbsent(row.get().externalKey(), r.line());
            if (earlier != null) {
                problems.add(new Problem(r.line(), columnNames.get(Column.KEY), "the same person as line " + earlier));
            }
            if (row.get().card() != null) {
                Integer cardLine = cards.putIfAbsent(row.get().card(), r.line());
                if (cardLine != null) {
                    problems.add(new Problem(r.line(), columnNames.get(Column.CARD), "the same card as line " + cardLine));
                }
            }
            rows.add(row.get());
        }
        if (dataLines == 0 && problems.isEmpty()) {
            problems.add(new Problem(1, "", "no members after the header"));
        }
        return problems.isEmpty() ? new Result(rows, List.of()) : new Result(List.of(), problems);
    }

    /** Whether an 18-character resident ID number is well formed with the right GB 11643 check digit. */
    public static boolean validIdNumber(String id) {
        if (id == null || !ID_NUMBER.matcher(id).matches()) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return ID_CHECK.charAt(sum % 11) == id.charAt(17);
    }

    private static String englishName(Column c) {
        return switch (c) {
            case KEY -> "身份证号 (id_number)";
            case NAME -> "姓名 (name)";
            case BIRTH -> "出生年月 (birth)";
            case HARDSHIP -> "困难类别 (hardship)";
            case RESIDENT -> "户籍 (resident)";
            case ACTIVE -> "在册 (active)";
            case CARD -> "卡号 (card)";
        };
    }

    /** Reads the fields of one data line, adding a problem per bad field. */
    private static final class LineReader {
        private final Record record;
        private final Map<Column, Integer> columns;
        private final Map<Column, String> names;
        private final List<Problem> problems;
        private boolean bad;

        LineReader(Record record, Map<Column, Integer> columns, Map<Column, String> names, List<Problem> problems) {
            this.record = record;
            this.columns = columns;
            this.names = names;
            this.problems = problems;
        }

        Optional<Row> row() {
            String key = field(Column.KEY).toUpperCase(Locale.ROOT);
            if (key.isEmpty()) {
                problem(Column.KEY, "required");
            } else if (!validIdNumber(key)) {
                problem(Column.KEY, "not a valid 18-character ID number (length, digits or check digit)");
            }
            String name = field(Column.NAME);
            if (name.isEmpty()) {
                problem(Column.NAME, "required");
            } else if (name.codePointCount(0, name.length()) > 50) {
                problem(Column.NAME, "longer than 50 characters");
            }
            YearMonth birth = birth(key);
            String hardship = hardship();
            Boolean resident = yesNo(Column.RESIDENT, null);
            Boolean active = yesNo(Column.ACTIVE, Boolean.TRUE);
            String card = field(Column.CARD);
            if (!card.isEmpty() && !CARD.matcher(card).matches()) {
                problem(Column.CARD, "'" + card + "' is not facility:card, e.g. 12:34567");
            }
            if (bad) {
                return Optional.empty();
            }
            return Optional.of(new Row(record.line(), key, name, birth, hardship, resident, active,
                    card.isEmpty() ? null : card));
        }

        private YearMonth birth(String key) {
            String text = field(Column.BIRTH);
            if (text.isEmpty()) {
                if (validIdNumber(key)) {
                    return fromIdNumber(key);
                }
                if (!key.isEmpty()) {
                    return null; // the key's own problem says why
                }
                problem(Column.BIRTH, "required when there is no ID number");
                return null;
            }
            YearMonth ym = parseMonth(text);
            if (ym == null) {
                problem(Column.BIRTH, "'" + text + "' is not a year and month such as 1950-03");
            } else if (ym.getYear() < 1900 || ym.getYear() > 2100) {
                problem(Column.BIRTH, "year " + ym.getYear() + " is out of range");
                return null;
            } else if (validIdNumber(key) && !ym.equals(fromIdNumber(key))) {
                problem(Column.BIRTH, text + " does not agree with the ID number (" + fromIdNumber(key) + ")");
            }
            return ym;
        }

        private YearMonth fromIdNumber(String key) {
            try {
                return YearMonth.of(Integer.parseInt(key.substring(6, 10)), Integer.parseInt(key.substring(10, 12)));
            } catch (DateTimeException e) {
                problem(Column.KEY, "the ID number's birth month " + key.substring(6, 12) + " is not a month");
                return null;
            }
        }

        private String hardship() {
            String text = field(Column.HARDSHIP);
            if (text.isEmpty() || text.equals("无") || text.equalsIgnoreCase("none")) {
                return null;
            }
            String id = HARDSHIP_NAMES.getOrDefault(text, text.toLowerCase(Locale.ROOT));
            if (!Ids.isValid(id)) {
                problem(Column.HARDSHIP, "'" + text + "' is not a category (低保, 特困, 低边 or an id such as dibao)");
                return null;
            }
            return id;
        }

        private Boolean yesNo(Column c, Boolean fallback) {
            String text = field(c).toLowerCase(Locale.ROOT);
            if (text.isEmpty()) {
                if (fallback == null && columns.containsKey(c)) {
                    problem(c, "required: 是 or 否");
                }
                return fallback;
            }
            return switch (text) {
                case "是", "yes", "y", "true", "1", "在册" -> Boolean.TRUE;
                case "否", "no", "n", "false", "0", "停用" -> Boolean.FALSE;
                default -> {
                    problem(c, "'" + text + "' is not 是/否 (yes/no)");
                    yield fallback;
                }
            };
        }

        private String field(Column c) {
            Integer i = columns.get(c);
            return i == null ? "" : record.fields().get(i).strip();
        }

        private void problem(Column c, String message) {
            bad = true;
            problems.add(new Problem(record.line(), names.getOrDefault(c, englishName(c)), message));
        }
    }

    static YearMonth parseMonth(String text) {
        Matcher m = CHINESE_MONTH.matcher(text);
        try {
            if (m.matches()) {
                return YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
            String t = text.replace('/', '-').replace('.', '-');
            if (t.matches("\\d{6}")) {
                return YearMonth.of(Integer.parseInt(t.substring(0, 4)), Integer.parseInt(t.substring(4)));
            }
            if (t.matches("\\d{4}-\\d{1,2}")) {
                String[] p = t.split("-");
                return YearMonth.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
            }
            if (t.matches("\\d{4}-\\d{1,2}-\\d{1,2}")) {
                String[] p = t.split("-");
                return java.time.LocalDate.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]))
                        .withDayOfMonth(1).query(YearMonth::from);
            }
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** One CSV record: its fields and the line it starts on. */
    private record Record(int line, List<String> fields) {
    }

    private static final class UnterminatedQuote extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final int line;

        UnterminatedQuote(int line) {
            super("a quoted field is not closed");
            this.line = line;
        }
    }

    private static int lineOf(IllegalArgumentException e) {
        return e instanceof UnterminatedQuote u ? u.line : 1;
    }

    /** RFC 4180: commas, double quotes with "" inside, CRLF or LF; a quoted field may span lines. */
    private static List<Record> split(String text) {
        List<Record> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    quoted = true;
                    any = true;
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    any = true;
                }
                case '\r' -> {
                    // ends the line together with the \n that follows
                }
                case '\n' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    out.add(new Record(recordLine, List.copyOf(fields)));
                    fields.clear();
                    any = false;
                    line++;
                    recordLine = line;
                }
                default -> {
                    field.append(c);
                    any = true;
                }
            }
        }
        if (quoted) {
            throw new UnterminatedQuote(recordLine);
        }
        if (any || field.length() > 0) {
            fields.add(field.toString());
            out.add(new Record(recordLine, List.copyOf(fields)));
        }
        return out;
    }
}
