package org.linli.testkit;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.stream.Stream;

/**
 * Who runs the services. initdb and postgres refuse to run as root, and CI and containers often run
 * as root, so then PostgreSQL runs as the {@code postgres} OS user that the Debian package creates.
 * setpriv (util-linux) is used rather than runuser or su because it execs: the pid Java sees is the
 * postmaster's own, so signals reach it directly.
 */
final class OsUser {

    static final String POSTGRES = "postgres";

    private OsUser() {
    }

    static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

    /** The name to run services as; mosquitto as root would otherwise drop to its own user. */
    static String currentName() {
        return new UnixSystem().getUsername();
    }

    /** Empty when not root; else a setpriv prefix that runs the rest of the command as postgres. */
    static List<String> postgresPrefix() {
        if (!isRoot()) {
            return List.of();
        }
        Path setpriv = Binaries.require("setpriv", "util-linux", List.of(Path.of("/usr/bin")));
        return List.of(setpriv.toString(), "--reuid=" + POSTGRES, "--regid=" + POSTGRES, "--clear-groups", "--");
    }

    /** Whether every parent of {@code dir} lets other users (such as postgres) through. */
    static boolean reachableByOthers(Path dir) throws IOException {
        for (Path parent = dir.toAbsolutePath().getParent(); parent != null; parent = parent.getParent()) {
            if (!Files.getPosixFilePermissions(parent).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    /**
     * As root, hands {@code dir} and everything in it to the postgres user, after checking that every
     * parent directory lets that user through; otherwise initdb would fail with a bare "permission denied".
     */
    static void handToPostgres(Path dir) {
        if (!isRoot()) {
            return;
        }
        try {
            UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal user;
            GroupPrincipal group;
            try {
                user = lookup.lookupPrincipalByName(POSTGRES);
                group = lookup.lookupPrincipalByGroupName(POSTGRES);
            } catch (IOException e) {
                throw new IllegalStateException("running as root needs the 'postgres' OS user, created by the"
                        + " Debian package 'postgresql' (apt-get install --no-install-recommends postgresql)", e);
            }
            if (!reachableByOthers(dir)) {
                throw new IllegalStateException("the 'postgres' OS user cannot reach " + dir + " because a parent"
                        + " is not searchable by others; set the system property "
                        + WorkDirs.ROOT_PROPERTY + " to a directory it can reach, e.g. /tmp/linli-it");
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.toList()) {
                    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
                    view.setOwner(user);
                    view.setGroup(group);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + dir + " to the postgres user", e);
        }
    }
}
