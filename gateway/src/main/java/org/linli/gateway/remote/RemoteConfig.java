package org.linli.gateway.remote;

import org.linli.config.GatewayConfig;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * How the gateway takes configs from the cloud.
 *
 * @param runningVersion the version of the config running now (0 for an unversioned local file)
 * @param failedVersion  the newest remote version that could not start (0 for none); refused from now on
 * @param file           where an accepted config is persisted as the last good one
 * @param apply          called once an accepted config is persisted and answered; {@code Main} exits
 *                       with a distinct code so systemd restarts the gateway on the new file
 */
public record RemoteConfig(long runningVersion, long failedVersion, Path file, LongConsumer apply) {

    /** Where a remote config that could not start is moved, so the next start runs the local file. */
    public static Path failedFileFor(Path file) {
        return file.resolveSibling(file.getFileName() + ".failed");
    }

    /** The file for {@code config}: {@value VersionedConfigFile#REMOTE_FILE_NAME} beside the uplink's buffer. */
    public static Path fileFor(GatewayConfig config) {
        return config.uplink().storePath().toAbsolutePath().resolveSibling(VersionedConfigFile.REMOTE_FILE_NAME);
    }

    /**
     * Version 0, the default file, and no restart: an accepted config is persisted and only logged
     * (for gateways run inside another program, e.g. the simulator).
     */
    public static RemoteConfig withoutRestart(GatewayConfig config) {
        return new RemoteConfig(0, 0, fileFor(config), version -> LoggerFactory.getLogger(RemoteConfig.class)
                .warn("remote config version {} persisted; it runs from the next start", version));
    }
}
