package org.linli.cloud.canteen;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettlementTest {
    private static final YearMonth NOV = YearMonth.of(2026, 11);

    private static SettlementLine line(String event, String dateTime, long subsidy, long pay) {
        LocalDateTime t = LocalDateTime.parse(dateTime);
        return new SettlementLine(event, t.toLocalDate(), t, "m-1", "张*华", "lunch", "age-60", subsidy, pay, "face", false);
    }

    @Test
    void shouldTotalEachDayAndTheMonth() {
        Settlement s = Settlement.of("canteen-1", "花园长者食堂", NOV, List.of(
                line("e3", "2026-11-03T11:30:00", 500, 1000),
                line("e1", "2026-11-02T11:30:00", 500, 1000),
                line("e2", "2026-11-02T17:45:00", 300, 900)), List.of());
        assertEquals(List.of(new Settlement.DayTotal(LocalDate.of(2026, 11, 2), 2, 800, 1900),
                new Settlement.DayTotal(LocalDate.of(2026, 11, 3), 1, 500, 1000)), s.days());
        assertEquals(new Settlement.DayTotal(null, 3, 1300, 2900), s.total());
        assertEquals(List.of("e1", "e2", "e3"), s.lines().stream().map(SettlementLine::eventId).toList());
    }

    @Test
    void shouldLeavePendingDoubleClaimsOutOfTheTotals() {
        Settlement s = Settlement.of("canteen-1", "花园长者食堂", NOV, List.of(line("e1", "2026-11-02T11:30:00", 500, 1000)),
                List.of(line("e9", "2026-11-02T11:40:00", 500, 1000)));
        assertEquals(1, s.total().meals());
        assertEquals(500, s.total().subsidyFen());
        assertEquals(1, s.pending().size());
    }

    @Test
    void shouldRefuseToListAMealTwice() {
        assertThrows(IllegalArgumentException.class, () -> Settlement.of("c", "c", NOV, List.of(
                line("e1", "2026-11-02T11:30:00", 500, 1000), line("e1", "2026-11-02T11:30:00", 500, 1000)), List.of()));
    }

    @Test
    void shouldRefuseAMealOfAnotherMonth() {
        assertThrows(IllegalArgumentException.class, () -> Settlement.of("c", "c", NOV,
                List.of(line("e1", "2026-12-01T11:30:00", 500, 1000)), List.of()));
    }

    @Test
    void shouldWriteYuanWithTwoDecimals() {
        assertEquals("15.00", Settlement.yuan(1500));
        assertEquals("0.05", Settlement.yuan(5));
        assertEquals("1234.56", Settlement.yuan(123456));
    }

    @Test
    void shouldWriteEveryMealOnceWithDayAndMonthRowsAndPendingApart() {
        Settlement s = Settlement.of("canteen-1", "花园长者食堂", NOV, List.of(
                line("e1", "2026-11-02T11:30:00", 500, 1000), line("e2", "2026-11-03T11:30:00", 500, 1000)),
                List.of(line("e9", "2026-11-02T11:40:00", 500, 1000)));
        List<String> rows = SettlementRender.csv(s).lines().toList();
        assertTrue(rows.get(0).startsWith("\uFEFFtype,"));
        assertEquals(List.of("meal", "day", "meal", "day", "month", "pending"),
                rows.subList(1, rows.size()).stream().map(r -> r.substring(0, r.indexOf(','))).toList());
        assertTrue(rows.get(5).contains(",10.00,20.00,"), rows.get(5));
        assertTrue(rows.get(5).endsWith(",2"), rows.get(5));
    }

    @Test
    void shouldDefuseSpreadsheetFormulasAndQuoteCommas() {
        assertEquals("'=1+1", SettlementRender.csvField("=1+1"));
        assertEquals("\"a,b\"", SettlementRender.csvField("a,b"));
        assertEquals("-5.00", SettlementRender.csvField("-5.00"));
    }

    @Test
    void shouldPrintTheMonthTotalAndThePendingSectionInChinese() {
        Settlement s = Settlement.of("canteen-1", "花园<长者>食堂", NOV, List.of(line("e1", "2026-11-02T11:30:00", 500, 1000)),
                List.of(line("e9", "2026-11-02T11:40:00", 500, 1000)));
        String html = SettlementRender.html(s);
        assertTrue(html.contains("花园&lt;长者&gt;食堂 2026年11月 助餐补贴结算单"));
        assertTrue(html.contains("本月合计"));
        assertTrue(html.contains("待复核（不计入合计）"));
        assertFalse(html.contains("<长者>"));
    }
}
