package org.linli.config.flash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A gateway's boot bundle as rendered by {@code linli-config render}: any directory tree whose files go
 * onto the boot partition with the same relative paths. The one exception is {@value #CMDLINE_APPEND} at
 * the top: it is not copied but appended to the partition's {@code cmdline.txt}.
 *
 * <p>Names are checked against what FAT can hold before anything is written, so a bundle never fails
 * half-way through a flash for a name.
 */
public record Bundle(Path root, List<BundleFile> files, Optional<String> cmdlineSuffix) {

    public static final String CMDLINE_APPEND = "cmdline-append.txt";
    // FAT (VFAT long names) refuses these; a control character would also confuse the table we print.
    private static final String FAT_FORBIDDEN = "\"*:<>?\\|";

    public Bundle {
        files = List.copyOf(files);
    }

    /** Reads and checks a bundle directory. */
    public static Bundle read(Path dir) throws FlashException {
        if (!Files.exists(dir)) {
            throw new FlashException("bundle " + dir + " does not exist (expected OUT/gateways/<gateway-id>/ from linli-config render)");
        }
        if (!Files.isDirectory(dir)) {
            throw new FlashException("bundle " + dir + " is not a directory (expected OUT/gateways/<gateway-id>/ from linli-config render)");
        }
        List<BundleFile> files = new ArrayList<>();
        Optional<String> suffix = Optional.empty();
        Map<String, String> byFoldedName = new HashMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted().toList()) {
                if (p.equals(dir) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String rel = relative(dir, p);
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FlashException("bundle file " + rel + " is a link or special file; FAT can hold only plain files");
                }
                checkName(rel);
                // FAT is case-insensitive: two such names would overwrite each other on the card.
                String clash = byFoldedName.putIfAbsent(rel.toLowerCase(Locale.ROOT), rel);
                if (clash != null) {
                    throw new FlashException("bundle files " + clash + " and " + rel + " differ only in case; FAT cannot hold both");
                }
                if (rel.equals(CMDLINE_APPEND)) {
                    suffix = Optional.of(Files.readString(p, StandardCharsets.UTF_8));
                } else {
                    files.add(new BundleFile(rel, p, Files.size(p), Hashes.sha256(Files.readAllBytes(p))));
                }
            }
        } catch (IOException e) {
            throw new FlashException("cannot read bundle " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty() && suffix.isEmpty()) {
            throw new FlashException("bundle " + dir + " is empty; run linli-config render first");
        }
        return new Bundle(dir, files, suffix);
    }

    /** Directories the files need, parents before children. */
    public List<String> directories() {
        LinkedHashSet<String> dirs = new LinkedHashSet<>();
        for (BundleFile f : files) {
            String[] parts = f.path().split("/");
            StringBuilder dir = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                dir.append(i == 0 ? "" : "/").append(parts[i]);
                dirs.add(dir.toString());
            }
        }
        return List.copyOf(dirs);
    }

    public long totalBytes() {
        return files.stream().mapToLong(BundleFile::size).sum();
    }

    private static String relative(Path root, Path p) {
        List<String> parts = new ArrayList<>();
        root.relativize(p).forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }

    private static void checkName(String rel) throws FlashException {
        for (String part : rel.split("/")) {
            for (char c : part.toCharArray()) {
                if (c < 0x20 || FAT_FORBIDDEN.indexOf(c) >= 0) {
                    throw new FlashException("bundle file " + rel.replaceAll("\\p{Cntrl}", "?")
                            + ": FAT cannot hold a name with " + (c < 0x20 ? "a control character" : "'" + c + "'"));
                }
            }
            if (part.endsWith(".") || part.endsWith(" ")) {
                throw new FlashException("bundle file " + rel + ": FAT drops a trailing dot or space from a name");
            }
        }
    }
}
