package org.linli.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void shouldReplaceEveryOccurrenceOfEachPlaceholder() {
        String rendered = Template.render("a=@PORT@ b=@DATA_DIR@/x c=@PORT@",
                Map.of("PORT", "1883", "DATA_DIR", "/tmp/d"));

        assertEquals("a=1883 b=/tmp/d/x c=1883", rendered);
    }

    @Test
    void shouldInsertValuesLiterally() {
        String rendered = Template.render("dir @DATA_DIR@", Map.of("DATA_DIR", "/tmp/$1 \\ & | odd"));

        assertEquals("dir /tmp/$1 \\ & | odd", rendered);
    }

    @Test
    void shouldRejectPlaceholderWithoutValue() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Template.render("port @PORT@ user @RUN_USER@", Map.of("PORT", "1")));

        assertTrue(error.getMessage().contains("@RUN_USER@"), error.getMessage());
    }

    @Test
    void shouldLeaveTextWithoutPlaceholdersAlone() {
        String text = "user@host email@example.org % @ @@";

        assertEquals(text, Template.render(text, Map.of()));
    }

    @Test
    void shouldRenderEveryShippedTemplateCompletely() {
        Map<String, String> values = Map.of("PORT", "1", "HTTP_PORT", "2", "RPC_PORT", "3", "DATA_DIR", "/d",
                "LOG_FILE", "/l", "RUN_USER", "u", "SOCKET_DIR", "/s");

        for (String name : new String[] {"mosquitto.conf.tmpl", "influxdb.conf.tmpl", "postgresql.conf.tmpl"}) {
            String rendered = Template.render(Template.load(name), values);
            assertFalse(rendered.matches("(?s).*@[A-Z_]+@.*"), name);
        }
    }

    @Test
    void shouldNameMissingTemplate() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> Template.load("nope.tmpl"));

        assertTrue(error.getMessage().contains("nope.tmpl"), error.getMessage());
    }
}
