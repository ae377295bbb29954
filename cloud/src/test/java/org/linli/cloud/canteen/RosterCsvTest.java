package org.linli.cloud.canteen;

import org.junit.jupiter.api.Test;

import java.time.YearMonth;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RosterCsvTest {
    private static final String A = IdNumbers.of("19500312", 1);
    private static final String B = IdNumbers.of("19480101", 2);

    @Test
    void shouldAcceptTheTextbookIdNumberAndRefuseAWrongCheckDigit() {
        assertTrue(RosterCsv.validIdNumber("11010519491231002X"));
        assertFalse(RosterCsv.validIdNumber("110105194912310021"));
        assertFalse(RosterCsv.validIdNumber("11010519491231002"));
    }

    @Test
    void shouldReadChineseHeadersWithABom() {
        RosterCsv.Result r = RosterCsv.parse("\uFEFF身份证号,姓名,出生年月,困难类别,户籍,在册,卡号\r\n"
                + A + ",张建华,1950-03,低保,是,是,12:34567\r\n"
                + B + ",李华,,,否,,\r\n");
        assertEquals(List.of(), r.problems());
        assertEquals(2, r.rows().size());
        RosterCsv.Row a = r.rows().get(0);
        assertEquals(A, a.externalKey());
        assertEquals("张建华", a.fullName());
        assertEquals(YearMonth.of(1950, 3), a.birth());
        assertEquals("dibao", a.hardship());
        assertTrue(a.resident());
        assertTrue(a.active());
        assertEquals("12:34567", a.card());
        RosterCsv.Row b = r.rows().get(1);
        assertEquals(YearMonth.of(1948, 1), b.birth(), "birth from the ID number");
        assertNull(b.hardship());
        assertFalse(b.resident());
        assertTrue(b.active(), "active by default");
        assertNull(b.card());
        assertEquals(3, b.line());
    }

    @Test
    void shouldReadEnglishHeadersInAnyOrderWithQuotes() {
        RosterCsv.Result r = RosterCsv.parse("name,resident,id_number,birth\n\"Wang, Fang\",yes," + A.toLowerCase() + ",1950年3月\n");
        assertEquals(List.of(), r.problems());
        assertEquals("Wang, Fang", r.rows().get(0).fullName());
        assertEquals(A, r.rows().get(0).externalKey());
    }

    @Test
    void shouldReportEveryBadLineWithItsNumberAndColumn() {
        RosterCsv.Result r = RosterCsv.parse("身份证号,姓名,出生年月,户籍,卡号\n"
                + A + ",张建华,1950-03,是,\n"
                + "110105194912310021,王五,1949-12,是,\n"
                + B + ",,1948-01,也许,12-3\n"
                + A + ",张建华,1950-03,是,\n"
                + IdNumbers.of("19500101", 3) + ",赵六,1950-13,是,\n");
        assertTrue(r.rows().isEmpty(), "nothing when anything is bad");
        assertEquals(List.of(
                new RosterCsv.Problem(3, "身份证号", "not a valid 18-character ID number (length, digits or check digit)"),
                new RosterCsv.Problem(4, "姓名", "required"),
                new RosterCsv.Problem(4, "户籍", "'也许' is not 是/否 (yes/no)"),
                new RosterCsv.Problem(4, "卡号", "'12-3' is not facility:card, e.g. 12:34567"),
                new RosterCsv.Problem(5, "身份证号", "the same person as line 2"),
                new RosterCsv.Problem(6, "出生年月", "'1950-13' is not a year and month such as 1950-03")), r.problems());
    }

    @Test
    void shouldRefuseABirthMonthThatContradictsTheIdNumber() {
        RosterCsv.Result r = RosterCsv.parse("身份证号,姓名,出生年月,户籍\n" + A + ",张建华,1951-03,是\n");
        assertEquals(1, r.problems().size());
        assertEquals(2, r.problems().get(0).line());
        assertEquals("出生年月", r.problems().get(0).column());
    }

    @Test
    void shouldNameAnUnknownOrMissingColumn() {
        RosterCsv.Result r = RosterCsv.parse("身份证号,姓名,电话\n" + A + ",张建华,123\n");
        assertEquals(List.of(new RosterCsv.Problem(1, "电话", r.problems().get(0).message()),
                new RosterCsv.Problem(1, "", "missing column 户籍 (resident)")), r.problems());
    }

    @Test
    void shouldCountLinesOfQuotedFieldsThatSpanLines() {
        RosterCsv.Result r = RosterCsv.parse("身份证号,姓名,户籍\n" + A + ",\"张\n建华\",是\n" + B + ",,是\n");
        assertEquals(List.of(new RosterCsv.Problem(4, "姓名", "required")), r.problems());
    }

    @Test
    void shouldRefuseALineWithTheWrongNumberOfFields() {
        RosterCsv.Result r = RosterCsv.parse("身份证号,姓名,户籍\n" + A + ",张建华\n");
        assertEquals(List.of(new RosterCsv.Problem(2, "", "2 fields, the header has 3")), r.problems());
    }

    @Test
    void shouldRefuseAFileWithoutMembers() {
        assertEquals(List.of(new RosterCsv.Problem(1, "", "no members after the header")),
                RosterCsv.parse("身份证号,姓名,户籍\n\n").problems());
        assertFalse(RosterCsv.parse("").ok());
    }
}
