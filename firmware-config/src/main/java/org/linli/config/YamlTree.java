package org.linli.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses YAML with Jackson's streaming parser into {@link YamlNode}s that keep their line numbers.
 * Jackson's own tree drops locations, and a duplicate key would silently win; here it is a problem.
 */
final class YamlTree {
    /** Site files are hand-written and small: a deep or huge document is a mistake or an attack. */
    private static final int MAX_DEPTH = 32;
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(8L * 1024 * 1024)
                    .maxStringLength(64 * 1024)
                    .build())
            .build();
    /** Plain words for the YAML mistakes people make by hand; the parser's own text names its grammar. */
    private static final List<Map.Entry<String, String>> HINTS = List.of(
            Map.entry("TAB", "a tab character: indent with spaces, not tabs"),
            Map.entry("mapping values are not allowed here",
                    "a ':' where none can be (check the indentation; put a value that contains ': ' in quotes)"),
            Map.entry("could not find expected ':'", "a line without 'key: value' (check the indentation or a missing ':')"),
            Map.entry("did not find expected key",
                    "the indentation is wrong here (keys of one entry must start in the same column)"),
            Map.entry("expected <block end>",
                    "the indentation is wrong here (keys of one entry must start in the same column)"),
            Map.entry("expected ',' or ']'", "a [ list is not closed with ]"),
            Map.entry("expected ',' or '}'", "a { mapping is not closed with }"),
            Map.entry("while scanning a quoted scalar", "a quote is not closed"),
            Map.entry("Expected a field name", "a key must be a plain word, not a list or a mapping"),
            Map.entry("special characters are not allowed", "the file has control characters: is it a text file?"));
    private static final Pattern MARK = Pattern.compile("\\s*in '[^']*', line (\\d+), column (\\d+):?");

    private final String source;
    private final List<ConfigProblem> problems;

    private YamlTree(String source, List<ConfigProblem> problems) {
        this.source = source;
        this.problems = problems;
    }

    /**
     * Reads one YAML document.
     *
     * @throws ConfigException with {@code unreadable() == true} when the text is not YAML
     */
    static YamlNode parse(String source, Reader reader, List<ConfigProblem> problems) throws ConfigException {
        try (JsonParser parser = FACTORY.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ConfigException(List.of(new ConfigProblem(source, 1, "", "the file is empty")), true);
            }
            return new YamlTree(source, problems).read(parser, "");
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ConfigException(List.of(syntaxProblem(source, line, e.getOriginalMessage())), true);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(source, 0, "", "cannot read: " + e.getMessage())),
                    true);
        }
    }

    /**
     * One line for a parse error. SnakeYAML's message spans several lines with code snippets and carets,
     * which would break the one-problem-per-line output installers and editors read; the line and column
     * of its last mark (where the parser gave up) are kept.
     */
    static ConfigProblem syntaxProblem(String source, int line, String parserMessage) {
        String[] lines = (parserMessage == null ? "" : parserMessage).split("\\R");
        List<String> words = new ArrayList<>();
        int column = 0;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MARK.matcher(lines[i]);
            if (m.matches()) {
                line = Integer.parseInt(m.group(1));
                column = Integer.parseInt(m.group(2));
                // A mark is followed by the offending line and a caret under it.
                i += i + 2 < lines.length && lines[i + 2].trim().equals("^") ? 2 : 0;
            } else if (!lines[i].isBlank()) {
                words.add(lines[i].trim());
            }
        }
        String text = String.join("; ", words);
        String plain = HINTS.stream().filter(h -> text.contains(h.getKey())).map(Map.Entry::getValue).findFirst()
                .orElse(text);
        return new ConfigProblem(source, line, "", "not valid YAML" + (column > 0 ? " at column " + column : "") + ": " + plain);
    }

    private YamlNode read(JsonParser parser, String path) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return readMap(parser, path, line);
            case START_ARRAY:
                return readList(parser, path, line);
            case VALUE_NULL:
                return YamlNode.nul(path, line);
            default:
                return YamlNode.scalar(path, line, parser.getText());
        }
    }

    private YamlNode readMap(JsonParser parser, String path, int line) throws IOException {
        Map<String, YamlNode> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = parser.currentTokenLocation().getLineNr();
            parser.nextToken();
            YamlNode value = read(parser, YamlNode.child(path, key));
            if (fields.containsKey(key)) {
                problems.add(new ConfigProblem(source, keyLine, YamlNode.child(path, key),
                        "duplicate key (first at line " + fields.get(key).line() + ")"));
            } else {
                fields.put(key, value);
            }
        }
        return YamlNode.map(path, line, fields);
    }

    private YamlNode readList(JsonParser parser, String path, int line) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(read(parser, YamlNode.item(path, items.size())));
        }
        return YamlNode.list(path, line, items);
    }
}
