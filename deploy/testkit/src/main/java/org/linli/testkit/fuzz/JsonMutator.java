package org.linli.testkit.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutations that keep the input valid JSON, so they get past the parser and reach the field checks:
 * a field removed, nulled, given another type or an extreme value, an array grown, an unknown or
 * face-data field added.
 */
public final class JsonMutator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] NEW_FIELDS = {"extra", "image", "faceImage", "face_template", "v", "seq", "member",
            "__proto__", "constructor", "$where", "ts", "window"};

    private final SplittableRandom random;

    public JsonMutator(SplittableRandom random) {
        this.random = random;
    }

    /** The mutated document, or null if {@code input} is not a JSON object or array. */
    public byte[] mutate(byte[] input) {
        JsonNode root;
        try {
            root = MAPPER.readTree(input);
        } catch (Exception e) {
            return null;
        }
        if (root == null || !root.isContainerNode()) {
            return null;
        }
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target.isObject()) {
            mutateObject((ObjectNode) target);
        } else {
            mutateArray((ArrayNode) target);
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (Exception e) {
            return null;
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            for (JsonNode child : node) {
                collect(child, into);
            }
        }
    }

    private void mutateObject(ObjectNode o) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = o.fieldNames();
        it.forEachRemaining(names::add);
        if (names.isEmpty() || random.nextInt(6) == 0) {
            o.set(NEW_FIELDS[random.nextInt(NEW_FIELDS.length)], value());
            return;
        }
        String name = names.get(random.nextInt(names.size()));
        switch (random.nextInt(3)) {
            case 0 -> o.remove(name);
            case 1 -> o.putNull(name);
            default -> o.set(name, value());
        }
    }

    private void mutateArray(ArrayNode a) {
        if (a.isEmpty()) {
            a.add(value());
            return;
        }
        switch (random.nextInt(4)) {
            case 0 -> a.remove(random.nextInt(a.size()));
            case 1 -> {
                JsonNode copy = a.get(random.nextInt(a.size())).deepCopy();
                int times = random.nextInt(8) == 0 ? 6_000 : 1 + random.nextInt(3);
                for (int i = 0; i < times; i++) {
                    a.add(copy.deepCopy());
                }
            }
            case 2 -> a.set(random.nextInt(a.size()), value());
            default -> a.removeAll();
        }
    }

    private JsonNode value() {
        return switch (random.nextInt(14)) {
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(random.nextBoolean());
            case 2 -> F.numberNode(Long.MAX_VALUE);
            case 3 -> F.numberNode(-1L);
            case 4 -> F.numberNode(0);
            case 5 -> F.numberNode(1e308 * 10);
            case 6 -> F.numberNode(random.nextDouble() * 200 - 50);
            case 7 -> F.textNode("");
            case 8 -> F.textNode("x".repeat(1 + random.nextInt(random.nextInt(4) == 0 ? 5000 : 40)));
            case 9 -> F.textNode("<script>alert(1)</script>");
            case 10 -> F.arrayNode();
            case 11 -> F.objectNode();
            case 12 -> F.textNode("2026-11-22");
            default -> F.numberNode(1_795_000_000_000L + random.nextInt(1000));
        };
    }
}
