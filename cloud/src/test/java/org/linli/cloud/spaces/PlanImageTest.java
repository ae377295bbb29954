package org.linli.cloud.spaces;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlanImageTest {
    private static final long MAX = 5L * 1024 * 1024;

    static byte[] image(String format, int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    @Test
    void shouldReadTheSizeOfAPng() throws Exception {
        assertEquals(new PlanImage("image/png", 640, 480), PlanImage.of(image("png", 640, 480), MAX));
    }

    @Test
    void shouldReadTheSizeOfAJpeg() throws Exception {
        assertEquals(new PlanImage("image/jpeg", 300, 200), PlanImage.of(image("jpg", 300, 200), MAX));
    }

    @Test
    void shouldRefuseHtmlWhateverItsNameSays() {
        byte[] html = "<!DOCTYPE html><html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        PlanImage.Refused e = assertThrows(PlanImage.Refused.class, () -> PlanImage.of(html, MAX));
        assertEquals("plan-not-image", e.code());
    }

    @Test
    void shouldRefuseAnSvg() {
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8);
        assertEquals("plan-not-image", assertThrows(PlanImage.Refused.class, () -> PlanImage.of(svg, MAX)).code());
    }

    @Test
    void shouldRefuseAnEmptyATruncatedAndAnOversizeUpload() throws Exception {
        assertEquals("plan-empty", assertThrows(PlanImage.Refused.class, () -> PlanImage.of(new byte[0], MAX)).code());
        byte[] png = image("png", 10, 10);
        byte[] truncated = java.util.Arrays.copyOf(png, 12);
        assertEquals("plan-not-image", assertThrows(PlanImage.Refused.class, () -> PlanImage.of(truncated, MAX)).code());
        assertEquals("plan-oversize", assertThrows(PlanImage.Refused.class, () -> PlanImage.of(png, png.length - 1)).code());
    }

    @Test
    void shouldRefuseAPngThatClaimsGigapixels() throws Exception {
        byte[] png = image("png", 10, 10);
        png[16] = 0x7f; // width 0x7f00000a
        assertEquals("plan-bad-size", assertThrows(PlanImage.Refused.class, () -> PlanImage.of(png, MAX)).code());
    }
}
