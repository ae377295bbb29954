package org.linli.packages;

import org.linli.testkit.Command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CDS archive that postinst makes with the packaged {@code linli-gateway-cds}: it is written, and a
 * JVM started with the unit's flags and {@code -Xshare:on} (which fails instead of falling back) loads
 * the gateway's own classes from it.
 */
class CdsArchiveIT {

    @Test
    void shouldMakeAnArchiveTheGatewayClassesLoadFrom(@TempDir Path dir) throws Exception {
        Path root = Debs.extract(Debs.deb("linli-gateway"), dir.resolve("root"));
        Path jar = root.resolve("usr/share/linli-gateway/linli-gateway.jar");
        Path archive = dir.resolve("cache/linli-gateway.jsa");

        Command make = Command.run(dir, Duration.ofSeconds(90), Map.of("LINLI_CDS_SECONDS", "6"),
                root.resolve("usr/share/linli-gateway/linli-gateway-cds").toString(), jar.toString(), archive.toString());
        assertEquals(0, make.exitCode(), make.toString());
        assertTrue(Files.size(archive) > 1_000_000, "archive too small: " + Files.size(archive) + "\n" + make);

        Command run = Command.run(dir, Duration.ofSeconds(60), "java",
                "@" + root.resolve("usr/share/linli-gateway/jvm.options"), "-Xshare:on",
                "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info", "-jar", jar.toString(),
                dir.resolve("missing.yaml").toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.stdout().lines().anyMatch(l -> l.contains("org.linli.gateway.app.Main source: shared objects file")),
                "the gateway's Main was not loaded from the archive:\n" + run.stdout().lines().filter(l -> l.contains("org.linli"))
                        .limit(5).toList());
    }
}
