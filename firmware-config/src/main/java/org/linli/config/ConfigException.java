package org.linli.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used. {@link #problems()} lists every problem found, each with its
 * file, line and path; {@link #unreadable()} tells a file that could not be read or parsed at all
 * apart from one that parsed but is invalid.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;
    private final boolean unreadable;

    public ConfigException(List<ConfigProblem> problems, boolean unreadable) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
        this.unreadable = unreadable;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    /** True when the input could not be read or is not YAML; false when it is YAML with invalid content. */
    public boolean unreadable() {
        return unreadable;
    }
}
