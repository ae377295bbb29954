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
            throw new ConfigException(List.of(new ConfigProblem(source, line, "",
                    "not valid YAML: " + e.getOriginalMessage())), true);
        } catch (IOException e) {
            throw new ConfigException(List.of(new ConfigProblem(source, 0, "", "cannot read: " + e.getMessage())),
                    true);
        }
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
