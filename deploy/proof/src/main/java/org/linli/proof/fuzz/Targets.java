package org.linli.proof.fuzz;

import org.linli.config.CanteenPolicyLoader;
import org.linli.config.ConfigException;
import org.linli.config.GatewayConfigLoader;
import org.linli.config.SiteLoader;
import org.linli.config.canteen.VerificationMethod;
import org.linli.wire.CanteenCodec;
import org.linli.wire.ClaimsMessage;
import org.linli.wire.CommissioningCodec;
import org.linli.wire.MealBatch;
import org.linli.wire.MealRecord;
import org.linli.wire.PolicyMessage;
import org.linli.wire.Quality;
import org.linli.wire.Reading;
import org.linli.wire.ReadingBatch;
import org.linli.wire.RosterMessage;
import org.linli.wire.TerminalEvent;
import org.linli.wire.WireCodec;
import org.linli.wire.WireException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The decoders and loaders that take input from outside: every MQTT payload the cloud or a gateway
 * decodes, and every YAML file an installer or the cloud hands a loader.
 */
public final class Targets {
    private static final long T = 1_795_000_000_000L;

    private Targets() {
    }

    /** Every target; {@code repo} is the repository root, for the sample YAML files. */
    public static List<Target> all(Path repo) {
        WireCodec wire = new WireCodec();
        CanteenCodec canteen = new CanteenCodec();
        CommissioningCodec commissioning = new CommissioningCodec();
        List<Target> targets = new ArrayList<>();
        targets.add(wireTarget("reading-batch", List.of(wire.encode(readingBatch())), wire::decode));
        targets.add(wireTarget("commissioning", List.of(utf8(COMMISSIONING)), commissioning::decode));
        targets.add(wireTarget("meal-batch", List.of(canteen.encode(mealBatch())), canteen::decodeMeals));
        targets.add(wireTarget("roster", List.of(canteen.encode(roster())), canteen::decodeRoster));
        targets.add(wireTarget("claims", List.of(canteen.encode(claims())), canteen::decodeClaims));
        targets.add(wireTarget("terminal-event", List.of(canteen.encode(terminalEvent()),
                utf8("{\"eventId\":\"x-1\",\"terminal\":\"t2\",\"method\":\"card\",\"matched\":false,\"vendor\":{\"temp\":36.6}}")),
                canteen::decodeTerminalEvent));
        targets.add(new Target() {
            @Override
            public String name() {
                return "policy-message";
            }

            @Override
            public List<byte[]> seeds() {
                return List.of(canteen.encode(new PolicyMessage(3, presetYaml("beijing"))));
            }

            @Override
            public String run(byte[] input) throws Exception {
                PolicyMessage message;
                try {
                    message = canteen.decodePolicy(input);
                } catch (WireException e) {
                    return e.reason().code();
                }
                // What the gateway does next with it.
                return config(() -> CanteenPolicyLoader.parse("policy", message.policyYaml()));
            }
        });
        targets.add(yamlTarget("policy-yaml", List.of(utf8(presetYaml("beijing")), utf8(presetYaml("shenzhen-futian")),
                utf8(presetYaml("xuyi"))), yaml -> CanteenPolicyLoader.parse("policy.yaml", yaml)));
        targets.add(yamlTarget("site-yaml", List.of(read(repo.resolve("deploy/local/demo/site.yaml")),
                read(repo.resolve("firmware-config/src/test/resources/sites/qinghe-7grids.yaml"))),
                yaml -> SiteLoader.parse("site.yaml", yaml)));
        String gateway = new String(read(repo.resolve("deploy/local/demo/gateway.yaml.tmpl")), StandardCharsets.UTF_8)
                .replace("@LAN_URI@", "tcp://127.0.0.1:1883").replace("@CLOUD_URI@", "tcp://127.0.0.1:1884")
                .replace("@STORE_PATH@", "/var/lib/linli/buffer.db").replace("@STATUS_PORT@", "8090")
                .replace("@LEDGER_PATH@", "/var/lib/linli/ledger.db").replace("@COUNTER_PORT@", "8091");
        if (gateway.matches("(?s).*@[A-Z_]+@.*")) {
            throw new IllegalStateException("the demo gateway template has a placeholder this seed does not fill: " + gateway);
        }
        targets.add(yamlTarget("gateway-yaml", List.of(utf8(gateway)), yaml -> GatewayConfigLoader.parse("gateway.yaml", yaml)));
        return targets;
    }

    interface Decoder {
        Object decode(byte[] input) throws WireException;
    }

    interface Loader {
        Object load(String yaml) throws ConfigException;
    }

    private static Target wireTarget(String name, List<byte[]> seeds, Decoder decoder) {
        return new Target() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<byte[]> seeds() {
                return seeds;
            }

            @Override
            public String run(byte[] input) {
                try {
                    decoder.decode(input);
                    return null;
                } catch (WireException e) {
                    return e.reason().code();
                }
            }
        };
    }

    private static Target yamlTarget(String name, List<byte[]> seeds, Loader loader) {
        return new Target() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<byte[]> seeds() {
                return seeds;
            }

            @Override
            public String run(byte[] input) {
                return config(() -> loader.load(new String(input, StandardCharsets.UTF_8)));
            }
        };
    }

    interface ConfigCall {
        Object call() throws ConfigException;
    }

    /** A loader's refusal as a reason: {@code unreadable} (not YAML at all) or {@code invalid}. */
    private static String config(ConfigCall call) {
        try {
            call.call();
            return null;
        } catch (ConfigException e) {
            if (e.problems().isEmpty()) {
                throw new IllegalStateException("a ConfigException without a problem", e);
            }
            return e.unreadable() ? "unreadable" : "invalid";
        }
    }

    private static ReadingBatch readingBatch() {
        return new ReadingBatch(1, "huayuan", "gw-01", "6f1c2a9e-0b4d-4e55-9a7e-2a1f3c4d5e6f", 42, T + 500, List.of(
                new Reading("pir-1", T, Map.of("occupied", 1.0), "bool", Quality.GOOD, null),
                new Reading("noise-1", T + 1, Map.of("laeq", 71.3, "lmax", 80.2, "l90", 52.0, "n", 60.0), "dBA",
                        Quality.GOOD, null),
                new Reading("park-3", T + 2, Map.of(), "", Quality.OFFLINE, "no heartbeat")));
    }

    private static MealBatch mealBatch() {
        return new MealBatch("huayuan", "gw-01", T + 60_000, List.of(new MealRecord("e-1", "canteen-1", "t1", "m-8f3a",
                VerificationMethod.FACE, false, "lunch", LocalDate.of(2026, 11, 22), T, true, "ok", "age-60", 1500, 500,
                1000, MealRecord.MealStatus.SERVED, T + 30_000, 3, 7, true)));
    }

    private static RosterMessage roster() {
        return new RosterMessage(7, T, List.of(
                new RosterMessage.Member("m-8f3a", "张*华", YearMonth.of(1950, 3), "dibao", true, true, "12:34567"),
                new RosterMessage.Member("m-1234", "李*", YearMonth.of(1961, 12), null, false, false, null)));
    }

    private static ClaimsMessage claims() {
        return new ClaimsMessage(LocalDate.of(2026, 11, 22), T, List.of(
                new ClaimsMessage.Claim("m-8f3a", "canteen-2", "lunch", T, 500, VerificationMethod.PIN)));
    }

    private static TerminalEvent terminalEvent() {
        return new TerminalEvent("t1-000123", "t1", "m-8f3a", VerificationMethod.FACE, true, 91, null);
    }

    private static final String COMMISSIONING = """
            {"v":1,"site":"huayuan","gateway":"gw-01","bootId":"6f1c2a9e-0b4d","startedAt":1795000000000,
             "finishedAt":1795000090000,"gatewayVersion":"0.1.0-SNAPSHOT","passed":false,"failed":["park-3"],
             "sensors":[{"sensor":"pir-1","kind":"pir","space":"plaza-east","wiring":"gpio BCM 17","outcome":"pass","detail":"seen after 4 s"},
                        {"sensor":"park-3","kind":"parking","space":"fire-lane-3","wiring":"mqtt sensors/park-3","outcome":"fail","detail":"not seen within 30 s"}],
             "checks":[{"name":"clock","outcome":"unknown","figure":"2025-11-22T08:00:00Z, NTP unknown"},
                       {"name":"upload","outcome":"pass","figure":"3 readings during commissioning"}]}
            """;

    private static String presetYaml(String id) {
        String resource = "/org/linli/config/canteen/" + id + ".yaml";
        try (InputStream in = CanteenPolicyLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample " + file, e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
