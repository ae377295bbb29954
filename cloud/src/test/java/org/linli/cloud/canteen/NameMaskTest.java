package org.linli.cloud.canteen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NameMaskTest {

    @Test
    void shouldKeepTheFirstCharacterOfATwoCharacterName() {
        assertEquals("张*", NameMask.mask("张华"));
    }

    @Test
    void shouldHideTheMiddleOfAThreeCharacterName() {
        assertEquals("张*华", NameMask.mask("张建华"));
    }

    @Test
    void shouldKeepFirstAndLastOfLongerNames() {
        assertEquals("欧*华", NameMask.mask("欧阳小华"));
        assertEquals("买*提", NameMask.mask("买买提·艾力·吐尔逊江·热合曼·阿不都热依木提"));
    }

    @Test
    void shouldMaskASingleCharacterWhole() {
        assertEquals("*", NameMask.mask("华"));
    }

    @Test
    void shouldCountCharactersOutsideTheBasicPlaneAsOne() {
        assertEquals("𠀀*华", NameMask.mask("𠀀建华"));
    }

    @Test
    void shouldIgnoreSurroundingSpaces() {
        assertEquals("张*华", NameMask.mask("  张建华 "));
    }

    @Test
    void shouldRefuseABlankName() {
        assertThrows(IllegalArgumentException.class, () -> NameMask.mask("  "));
    }
}
