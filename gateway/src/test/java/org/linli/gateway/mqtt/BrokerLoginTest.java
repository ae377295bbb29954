package org.linli.gateway.mqtt;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BrokerLoginTest {

    @Test
    void shouldDropTheTrailingNewlinesEditorsAddToAPasswordFile() {
        assertEquals("s3cret", text(BrokerLogin.stripNewlines(bytes("s3cret\r\n"))));
        assertEquals("s3cret", text(BrokerLogin.stripNewlines(bytes("s3cret\n\n"))));
    }

    @Test
    void shouldKeepEverythingElseOfThePassword() {
        assertEquals(" s3 cret ", text(BrokerLogin.stripNewlines(bytes(" s3 cret "))));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
