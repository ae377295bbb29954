package org.linli.config.cli;

import picocli.CommandLine;

/** The version printed by {@code --version}: the jar's implementation version, or "dev" in a build tree. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"linli-config " + (v == null ? "dev" : v)};
    }
}
