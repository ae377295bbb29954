package org.linli.cloud.canteen;

import org.linli.config.Canteen;
import org.linli.config.CanteenPolicyLoader;
import org.linli.config.ConfigException;
import org.linli.config.Site;
import org.linli.wire.CanteenCodec;
import org.linli.wire.ClaimsMessage;
import org.linli.wire.PolicyMessage;
import org.linli.wire.Topics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cloud publishes, retained, to each canteen's counter gateway: the roster (the same for
 * every counter: an elder may eat anywhere), the canteen's policy preset and today's claims.
 */
public final class CanteenOutbox {
    private final Site site;
    private final CanteenCodec codec;
    private final RosterStore roster;
    private final MealLedger ledger;
    /** Counter gateway → the policy preset of its canteen (null: none pushed). */
    private final Map<String, String> gateways = new LinkedHashMap<>();

    /** A message to publish retained at QoS 1. */
    public record Outbound(String topic, byte[] payload) {
    }

    /**
     * @throws IllegalArgumentException when two canteens on one gateway name different presets, or a
     *                                  preset is unknown
     */
    public CanteenOutbox(Site site, CanteenCodec codec, RosterStore roster, MealLedger ledger) {
        this.site = site;
        this.codec = codec;
        this.roster = roster;
        this.ledger = ledger;
        for (Canteen c : site.canteens()) {
            if (c.gateway() == null) {
                continue;
            }
            if (c.policy() != null) {
                try {
                    CanteenPolicyLoader.preset(c.policy());
                } catch (ConfigException e) {
                    throw new IllegalArgumentException("canteen " + c.id() + ": policy " + c.policy() + ": " + e.getMessage(), e);
                }
            }
            String before = gateways.get(c.gateway());
            if (before != null && c.policy() != null && !before.equals(c.policy())) {
                throw new IllegalArgumentException("gateway " + c.gateway() + " serves canteens with different policies ("
                        + before + ", " + c.policy() + "): one counter gateway has one policy");
            }
            if (before == null) {
                gateways.put(c.gateway(), c.policy());
            }
        }
    }

    /** The counter gateways of the site's canteens. */
    public List<String> gateways() {
        return List.copyOf(gateways.keySet());
    }

    public List<Outbound> roster(Instant now) {
        byte[] payload = codec.encode(roster.message(now));
        return gateways.keySet().stream().map(g -> new Outbound(Topics.canteenRoster(site.id(), g), payload)).toList();
    }

    /** Each counter's policy; its version rises whenever the preset's text changes. */
    public List<Outbound> policies() {
        List<Outbound> out = new ArrayList<>();
        for (Map.Entry<String, String> e : gateways.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            String yaml = presetYaml(e.getValue());
            long version = roster.versionFor("policy:" + e.getKey(), sha256(yaml));
            out.add(new Outbound(Topics.canteenPolicy(site.id(), e.getKey()), codec.encode(new PolicyMessage(version, yaml))));
        }
        return out;
    }

    public List<Outbound> claims(LocalDate date, Instant now) {
        ClaimsMessage claims = ledger.claims(date, now);
        byte[] payload = codec.encode(claims);
        return gateways.keySet().stream().map(g -> new Outbound(Topics.canteenClaims(site.id(), g), payload)).toList();
    }

    /** The preset's YAML as shipped in firmware-config, comments and all. */
    static String presetYaml(String preset) {
        try (InputStream in = CanteenPolicyLoader.class.getResourceAsStream("canteen/" + preset + ".yaml")) {
            if (in == null) {
                throw new IllegalArgumentException("policy preset " + preset + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read policy preset " + preset, e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
