package org.linli.config.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.linli.config.ConfigException;
import org.linli.config.ConfigProblem;
import org.linli.config.Site;
import org.linli.config.SiteLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code linli-config validate}: loads each site file and lists every problem, so an installer fixes
 * a file in one pass rather than one error per run.
 */
@Command(name = "validate", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
                "Check site inventory files and list every problem as file:line: path: message.",
                "Exit code: 0 all valid, 1 a file has problems, 2 a file cannot be read or is not YAML."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SITE.yaml", description = "Site inventory files to check.")
    List<Path> files;

    @Option(names = "--json", description = "Print the problems as one JSON array on standard output "
            + "(for editors and CI) instead of lines on standard error and summaries.")
    boolean json;

    @Override
    public Integer call() {
        List<ConfigProblem> problems = new ArrayList<>();
        int exit = LinliConfigCli.OK;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path file : files) {
            try {
                Site site = SiteLoader.load(file);
                if (!json) {
                    out.println(file + ": ok — " + summary(site));
                }
            } catch (ConfigException e) {
                problems.addAll(e.problems());
                // Unusable wins over invalid: a file we could not read at all may hide anything.
                exit = Math.max(exit, e.unreadable() ? LinliConfigCli.UNUSABLE : LinliConfigCli.INVALID);
                if (!json) {
                    e.problems().forEach(err::println);
                }
            }
        }
        if (json) {
            out.println(toJson(problems));
        }
        out.flush();
        err.flush();
        return exit;
    }

    /** One object per problem; {@code line} 0 means the problem concerns the whole file. */
    private static String toJson(List<ConfigProblem> problems) {
        List<Map<String, Object>> array = new ArrayList<>();
        for (ConfigProblem p : problems) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("file", p.source());
            o.put("line", p.line());
            o.put("path", p.path());
            o.put("message", p.message());
            array.add(o);
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            return mapper.writeValueAsString(array);
        } catch (IOException e) {
            // Maps of strings and ints always serialise; reaching this is a bug, not bad input.
            throw new UncheckedIOException(e);
        }
    }

    /** E.g. {@code site qinghe, 8 grids, 9 spaces, 4 gateways, 11 sensors, 1 canteen}: the installer sees it counted what they expect. */
    static String summary(Site site) {
        int sensors = site.gateways().stream().mapToInt(g -> g.sensors().size()).sum();
        return "site " + site.id()
                + ", " + count(site.grids().size(), "grid")
                + ", " + count(site.spaces().size(), "space")
                + ", " + count(site.gateways().size(), "gateway")
                + ", " + count(sensors, "sensor")
                + ", " + count(site.canteens().size(), "canteen");
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
