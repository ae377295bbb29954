package org.linli.gateway.health;

/**
 * What the gateway runs on, for the health report.
 *
 * @param gateway the gateway's version, from the jar manifest ({@code dev} when run from classes)
 * @param java    the Java runtime version
 * @param os      operating system name, kernel version and architecture
 */
public record Versions(String gateway, String java, String os) {

    /** This process's versions. */
    public static Versions current() {
        String version = Versions.class.getPackage().getImplementationVersion();
        return new Versions(version == null ? "dev" : version, System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }
}
