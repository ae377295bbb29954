package org.linli.config.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code linli-config schema}: prints the site inventory's JSON Schema, so an installer's editor can
 * complete keys and values without a checkout of the sources.
 */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {
                "Print the JSON Schema (draft 2020-12) of site.yaml, for editors.",
                "Save it next to the site file and start the file with:",
                "  # yaml-language-server: $schema=site.schema.json"})
final class SchemaCommand implements Callable<Integer> {
    /** Packaged from the module's schema/ folder by the pom. */
    static final String RESOURCE = "/org/linli/config/schema/site.schema.json";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try (InputStream in = SchemaCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                spec.commandLine().getErr().println("linli-config: this build has no " + RESOURCE
                        + "; rebuild with mvn -B -pl firmware-config -am package -DskipTests");
                return LinliConfigCli.UNUSABLE;
            }
            spec.commandLine().getOut().print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
            return LinliConfigCli.OK;
        }
    }
}
