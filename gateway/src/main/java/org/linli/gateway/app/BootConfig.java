package org.linli.gateway.app;

import org.linli.config.ConfigException;
import org.linli.config.ConfigProblem;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;
import org.linli.gateway.remote.RemoteConfig;
import org.linli.gateway.remote.VersionedConfigFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The config a gateway boots with. The local file (the argument or {@code LINLI_GATEWAY_CONFIG})
 * must be valid: it says where the state directory is, and it is the fallback. The last good remote
 * config ({@code gateway-remote.yaml} beside the local file's {@code uplink.storePath}) wins when its
 * version is newer than the local file's, it is valid, and it is for the same site and gateway.
 * Otherwise the local file runs and {@link #note()} says why the remote one did not.
 *
 * <p>Versions are the files' {@code # linli-config-version: N} first lines; a local file without one
 * is version 0, so any remote config beats it until an installer writes a higher version locally.
 *
 * @param config     what to run
 * @param version    its version
 * @param source     the file it came from
 * @param remoteFile where remote configs are persisted
 * @param failedVersion the version of a remote config that could not start (moved to
 *                   {@code gateway-remote.yaml.failed}), 0 for none
 * @param note       why the remote file was not used, or null
 */
public record BootConfig(GatewayConfig config, long version, Path source, Path remoteFile, long failedVersion,
                         String note) {

    /** Chooses between {@code local} and the persisted remote config; fails only on an unusable local file. */
    public static BootConfig choose(Path local) throws ConfigException {
        GatewayConfig localConfig = GatewayConfigLoader.load(local);
        long localVersion = VersionedConfigFile.versionOf(read(local));
        Path remote = RemoteConfig.fileFor(localConfig);
        long failed = failedVersion(remote);
        if (!Files.isRegularFile(remote)) {
            return new BootConfig(localConfig, localVersion, local, remote, failed, null);
        }
        long remoteVersion;
        try {
            remoteVersion = VersionedConfigFile.versionOf(Files.readString(remote, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new BootConfig(localConfig, localVersion, local, remote, failed, remote + " cannot be read: " + e.getMessage());
        }
        if (remoteVersion <= localVersion) {
            return new BootConfig(localConfig, localVersion, local, remote, failed, remote + " (version " + remoteVersion
                    + ") is not newer than " + local + " (version " + localVersion + ")");
        }
        GatewayConfig remoteConfig;
        try {
            remoteConfig = GatewayConfigLoader.load(remote);
        } catch (ConfigException e) {
            List<ConfigProblem> problems = e.problems();
            return new BootConfig(localConfig, localVersion, local, remote, failed, remote + " is not usable: "
                    + (problems.isEmpty() ? e.getMessage() : problems.get(0)));
        }
        if (!remoteConfig.site().equals(localConfig.site()) || !remoteConfig.gateway().equals(localConfig.gateway())) {
            return new BootConfig(localConfig, localVersion, local, remote, failed, remote + " is for " + remoteConfig.site() + "/"
                    + remoteConfig.gateway() + ", not " + localConfig.site() + "/" + localConfig.gateway());
        }
        return new BootConfig(remoteConfig, remoteVersion, remote, remote, failed, null);
    }

    /** Whether this boot runs the persisted remote config. */
    public boolean remote() {
        return source.equals(remoteFile);
    }

    private static long failedVersion(Path remote) {
        try {
            Path failed = RemoteConfig.failedFileFor(remote);
            return Files.isRegularFile(failed) ? VersionedConfigFile.versionOf(Files.readString(failed, StandardCharsets.UTF_8)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String read(Path file) throws ConfigException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(file.toString(), 0, "", "cannot read: " + e)), true);
        }
    }
}
