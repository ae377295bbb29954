package org.linli.config.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Writes maps and lists as YAML. Generated rather than templated so that no id, SSID or key can break
 * the document's structure: Jackson quotes every string that needs it.
 */
final class Yaml {
    private static final YAMLMapper MAPPER = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // a string such as runcmd's "0" must stay a string, not turn into a number
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            // multi-line strings (keys, certificates) as readable literal blocks
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            // an SSH key stays on one line, as people grep for it
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private Yaml() {
    }

    static String write(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps, lists and scalars always serialise", e);
        }
    }
}
