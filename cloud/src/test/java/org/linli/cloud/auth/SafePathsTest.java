package org.linli.cloud.auth;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SafePathsTest {
    private final Path base = Path.of("/srv/linli/settlements");

    @Test
    void shouldResolveAPlainFileName() {
        assertEquals(Optional.of(Path.of("/srv/linli/settlements/canteen-1_2026-11.csv")),
                SafePaths.resolve(base, "canteen-1_2026-11.csv"));
    }

    @Test
    void shouldRefuseEveryWayOut() {
        for (String name : new String[] {"../etc/passwd", "..", "a/../../b", "/etc/passwd", "a/b.csv", "a\\b.csv",
                ".hidden", "x..csv", "name\u0000.csv", "", "%2e%2e%2f", "....//etc"}) {
            assertEquals(Optional.empty(), SafePaths.resolve(base, name), name);
        }
        assertEquals(Optional.empty(), SafePaths.resolve(base, null));
    }
}
