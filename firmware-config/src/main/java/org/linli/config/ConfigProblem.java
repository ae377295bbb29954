package org.linli.config;

/**
 * One thing wrong with a configuration file.
 *
 * @param source  the file name, or {@code <input>}
 * @param line    1-based line, 0 when unknown
 * @param path    where in the document, e.g. {@code gateways[0].sensors[2].pin}
 * @param message what is wrong and, where it helps, what would be right
 */
public record ConfigProblem(String source, int line, String path, String message) {

    @Override
    public String toString() {
        String where = line > 0 ? source + ":" + line : source;
        return path.isEmpty() ? where + ": " + message : where + ": " + path + ": " + message;
    }
}
