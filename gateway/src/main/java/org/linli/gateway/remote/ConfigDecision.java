package org.linli.gateway.remote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.linli.config.ConfigException;
import org.linli.config.ConfigProblem;
import org.linli.config.GatewayConfig;
import org.linli.config.GatewayConfigLoader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;

/**
 * What to do with a config message from the cloud: {@code {"version":N,"config":"<gateway.yaml text>"}},
 * published retained on {@code linli/v1/{site}/{gateway}/config}. Pure: the running version and the
 * payload in, an {@link Outcome} out.
 *
 * <ul>
 *   <li>{@link Apply}: a version newer than the running one, whose YAML {@link GatewayConfigLoader}
 *       accepts and whose site and gateway are this gateway's.</li>
 *   <li>{@link Refuse}: anything else that claims to be a config, with the reason sent back on
 *       {@code config/result}; the running config stays.</li>
 *   <li>{@link Ignore}: the running version itself (the retained message comes again after every
 *       connect and restart) and an empty payload (a retained message being cleared).</li>
 * </ul>
 *
 * The config is a YAML string inside JSON, not YAML on the wire, so that the version can be read
 * without trusting the YAML, and the text persisted is exactly what the cloud sent.
 */
public final class ConfigDecision {
    /** Largest payload taken: a gateway.yaml is a few KiB; this leaves room for hundreds of sensors. */
    public static final int MAX_BYTES = 256 * 1024;
    /** Longest reason sent back; every problem is in the gateway's log anyway. */
    static final int MAX_REASON = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();

    /** What to do. */
    public sealed interface Outcome permits Apply, Refuse, Ignore {
    }

    /** Persist {@code yaml} as version {@code version} and run it. */
    public record Apply(long version, String yaml, GatewayConfig config) implements Outcome {
    }

    /** Keep the running config and answer {@code reason}; {@code version} is null when the payload has none. */
    public record Refuse(Long version, String reason) implements Outcome {
    }

    /** Do nothing and answer nothing. */
    public record Ignore(String why) implements Outcome {
    }

    private ConfigDecision() {
    }

    /** {@link #decide(String, String, long, long, byte[])} when no config has failed to start. */
    public static Outcome decide(String site, String gateway, long running, byte[] payload) {
        return decide(site, gateway, running, 0, payload);
    }

    /**
     * @param site    this gateway's site id
     * @param gateway this gateway's id
     * @param running the running config's version (0 for an unversioned local file)
     * @param failed  the newest version that was accepted but could not start (0 for none): it and
     *                older ones are refused, or the gateway would restart into it for ever
     * @param payload the message as received
     */
    public static Outcome decide(String site, String gateway, long running, long failed, byte[] payload) {
        if (payload.length == 0) {
            return new Ignore("empty payload: the retained config was cleared");
        }
        if (payload.length > MAX_BYTES) {
            return new Refuse(null, "payload of " + payload.length + " bytes is over the limit of " + MAX_BYTES);
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            return new Refuse(null, "not JSON: write {\"version\":N,\"config\":\"<gateway.yaml text>\"}");
        }
        if (root == null || !root.isObject()) {
            return new Refuse(null, "not a JSON object: write {\"version\":N,\"config\":\"<gateway.yaml text>\"}");
        }
        JsonNode v = root.get("version");
        if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong() || v.asLong() < 1) {
            return new Refuse(null, "version: missing or not a whole number of at least 1");
        }
        long version = v.asLong();
        if (version == running) {
            return new Ignore("version " + version + " is the running one");
        }
        if (version < running) {
            return new Refuse(version, "version " + version + " is not newer than the running version " + running);
        }
        if (version <= failed) {
            return new Refuse(version, "version " + version + " was accepted before but the gateway could not start"
                    + " with it (see its log) and runs version " + running + " again; send a newer version");
        }
        JsonNode text = root.get("config");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            return new Refuse(version, "config: missing or not a string holding the gateway.yaml text");
        }
        GatewayConfig config;
        try {
            config = GatewayConfigLoader.parse("remote config v" + version, text.asText());
        } catch (ConfigException e) {
            return new Refuse(version, truncate(e.problems().stream().map(ConfigDecision::describe)
                    .collect(Collectors.joining("; "))));
        }
        if (!config.site().equals(site) || !config.gateway().equals(gateway)) {
            return new Refuse(version, "site/gateway: the config is for " + config.site() + "/" + config.gateway()
                    + ", this gateway is " + site + "/" + gateway);
        }
        return new Apply(version, text.asText(), config);
    }

    /** The answer on {@code config/result}: {@code {"version":N,"accepted":true}} or with {@code "reason"}. */
    public static byte[] result(Long version, boolean accepted, String reason) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            if (version == null) {
                g.writeNullField("version");
            } else {
                g.writeNumberField("version", version);
            }
            g.writeBooleanField("accepted", accepted);
            if (reason != null) {
                g.writeStringField("reason", reason);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String describe(ConfigProblem p) {
        String where = p.line() > 0 ? "line " + p.line() + ": " : "";
        return p.path().isEmpty() ? where + p.message() : where + p.path() + ": " + p.message();
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }
}
