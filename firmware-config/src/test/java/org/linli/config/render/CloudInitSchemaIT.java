package org.linli.config.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered first-boot files checked by cloud-init itself. cloud-init is never installed
 * system-wide (it would reconfigure a developer's machine at boot): {@code deploy/local/stack.sh
 * install-test-tools} unpacks it under {@code .linli/tools/cloud-init}; {@code -Dlinli.cloudinit.root}
 * points elsewhere.
 */
@Timeout(120)
class CloudInitSchemaIT {
    private static Path root;

    @TempDir
    Path out;

    @BeforeAll
    static void locateCloudInit() {
        String configured = System.getProperty("linli.cloudinit.root");
        if (configured != null && !configured.isBlank()) {
            root = Path.of(configured);
        } else {
            for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve(".linli/tools/cloud-init"))) {
                    root = dir.resolve(".linli/tools/cloud-init");
                    break;
                }
            }
        }
        assertTrue(root != null && Files.isRegularFile(root.resolve("usr/bin/cloud-init")),
                "cloud-init for the schema check is missing: run deploy/local/stack.sh install-test-tools "
                        + "(or set -Dlinli.cloudinit.root)");
    }

    @Test
    void shouldRenderUserDataThatCloudInitCallsValidForEveryGateway() throws Exception {
        Qinghe.render(Qinghe.options(out, "ssl://cloud.example.org:8883", true,
                new RenderOptions.Wifi("Qinghe Office", "wifi-pass-123", "CN")));

        for (String gw : List.of("gw-north", "gw-central", "gw-south", "gw-east")) {
            Result r = python(List.of(root.resolve("usr/bin/cloud-init").toString(), "schema", "--config-file",
                    out.resolve("gateways").resolve(gw).resolve("user-data").toString()));
            assertEquals(0, r.code(), r.output());
            assertTrue(r.output().contains("Valid cloud-config"), r.output());
        }
    }

    @Test
    void shouldRenderNetworkConfigThatCloudInitsNetplanParserAccepts() throws Exception {
        // cloud-init 22.4 has no schema for network-config: its own v2 parser is the check.
        Qinghe.render(Qinghe.options(out, "tcp://cloud.example.org:1883", false,
                new RenderOptions.Wifi("Qinghe Office", "wifi-pass-123", "CN")));
        Path wifi = out.resolve("gateways/gw-north/network-config");
        Path ethernetOnly = out.resolve("ethernet");
        Qinghe.render(Qinghe.options(ethernetOnly, "tcp://cloud.example.org:1883", false, null));

        for (Path file : List.of(wifi, ethernetOnly.resolve("gateways/gw-north/network-config"))) {
            Result r = python(List.of("-c", String.join("\n",
                    "import sys, yaml",
                    "from cloudinit.net.network_state import parse_net_config_data",
                    "cfg = yaml.safe_load(open(sys.argv[1]))['network']",
                    "assert cfg['version'] == 2, cfg",
                    "parse_net_config_data(cfg, skip_broken=False)",
                    "print('wifis' in cfg, 'version', cfg['version'])"), file.toString()));
            assertEquals(0, r.code(), r.output());
        }
        assertTrue(Files.readString(wifi).contains("wifis:"));
    }

    private record Result(int code, String output) {
    }

    private static Result python(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3"));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PYTHONPATH", root.resolve("usr/lib/python3/dist-packages").toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        return new Result(p.exitValue(), output);
    }
}
