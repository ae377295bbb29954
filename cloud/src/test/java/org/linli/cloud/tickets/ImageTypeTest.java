package org.linli.cloud.tickets;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageTypeTest {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void shouldKnowJpegPngAndWebpByTheirFirstBytes() {
        assertEquals(Optional.of(ImageType.JPEG), ImageType.sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10)));
        assertEquals(Optional.of(ImageType.PNG), ImageType.sniff(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0)));
        assertEquals(Optional.of(ImageType.WEBP), ImageType.sniff(bytes('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'E', 'B', 'P', 'V')));
    }

    @Test
    void shouldRefuseEverythingElseWhateverItClaims() {
        assertEquals(Optional.empty(), ImageType.sniff("<html><img src=x onerror=alert(1)>".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), ImageType.sniff("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), ImageType.sniff("%PDF-1.7".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), ImageType.sniff(bytes('G', 'I', 'F', '8', '9', 'a')), "GIF is not taken");
        assertEquals(Optional.empty(), ImageType.sniff(bytes('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'A', 'V', 'E')), "a WAV is RIFF too");
    }

    @Test
    void shouldRefuseTruncatedAndEmptyInput() {
        assertEquals(Optional.empty(), ImageType.sniff(new byte[0]));
        assertEquals(Optional.empty(), ImageType.sniff(null));
        assertEquals(Optional.empty(), ImageType.sniff(bytes(0xFF, 0xD8)));
        assertEquals(Optional.empty(), ImageType.sniff(bytes(0x89, 'P', 'N', 'G')));
        assertEquals(Optional.empty(), ImageType.sniff(bytes('R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'E', 'B')));
    }

    @Test
    void shouldMapAStoredContentTypeBack() {
        assertEquals(Optional.of(ImageType.WEBP), ImageType.ofContentType("image/webp"));
        assertEquals(Optional.empty(), ImageType.ofContentType("text/html"));
    }
}
