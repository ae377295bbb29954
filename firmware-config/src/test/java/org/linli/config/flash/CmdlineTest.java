package org.linli.config.flash;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CmdlineTest {
    private static final String PI = "console=serial0,115200 console=tty1 root=PARTUUID=1234-02 rootwait";

    @Test
    void shouldAppendTheSuffixSpaceSeparatedOnOneLine() {
        Cmdline.Edit edit = Cmdline.append(PI + "\n", "quiet splash\n");

        assertTrue(edit.changed());
        assertEquals(PI + " quiet splash\n", edit.content());
    }

    @Test
    void shouldLeaveTheFileAsItIsWhenTheSuffixIsAlreadyThere() {
        String flashed = PI + " quiet splash\n";

        Cmdline.Edit edit = Cmdline.append(flashed, "quiet splash");

        assertFalse(edit.changed());
        assertEquals(flashed, edit.content());
    }

    @Test
    void shouldKeepTheResultOneLineWhenEitherSideHasLineBreaks() {
        Cmdline.Edit edit = Cmdline.append(PI + "\r\n\r\n", "a=1\nb=2\n");

        assertEquals(PI + " a=1 b=2\n", edit.content());
    }

    @Test
    void shouldNotTakeAPartialWordForTheSuffix() {
        assertTrue(Cmdline.append("root=/dev/sda quietly", "quiet").changed());
    }

    @Test
    void shouldChangeNothingForAnEmptySuffix() {
        assertFalse(Cmdline.append(PI, " \n").changed());
    }
}
