package org.linli.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace joined to the host by a veth pair: a second "host" on this machine, so that a
 * gateway can live behind a link the test can cut. Inside it the host is {@link #HOST_IP}. A
 * partition is an iptables rule in the namespace that silently drops packets to one port of the host,
 * as a dead uplink does (no RST: TCP only notices by its timeouts). Needs root, iproute2 and iptables.
 */
final class Netns implements AutoCloseable {
    static final String HOST_IP = "10.231.0.1";
    static final String NS_IP = "10.231.0.2";

    private final String name;
    private final String hostIf;

    private Netns(String name) {
        this.name = name;
        this.hostIf = "lv-" + name.substring(Math.max(0, name.length() - 10));
    }

    /** Whether this machine lets the test make namespaces: root, with ip and iptables installed. */
    static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network namespaces need root (the test runs as " + System.getProperty("user.name") + ")";
        }
        for (String tool : List.of("ip", "iptables")) {
            if (!onPath(tool)) {
                return "'" + tool + "' is missing: apt-get install " + (tool.equals("ip") ? "iproute2" : "iptables")
                        + " (deploy/local/stack.sh install-test-tools does)";
            }
        }
        return null;
    }

    static Netns create(String name) throws IOException, InterruptedException {
        Netns ns = new Netns(name);
        ns.removeLeftovers();
        run("ip", "netns", "add", name);
        run("ip", "link", "add", ns.hostIf, "type", "veth", "peer", "name", "eth0", "netns", name);
        run("ip", "addr", "add", HOST_IP + "/30", "dev", ns.hostIf);
        run("ip", "link", "set", ns.hostIf, "up");
        ns.exec("ip", "addr", "add", NS_IP + "/30", "dev", "eth0");
        ns.exec("ip", "link", "set", "eth0", "up");
        ns.exec("ip", "link", "set", "lo", "up");
        return ns;
    }

    /** The command prefix that runs a program inside the namespace. */
    List<String> prefix() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Drops every packet from the namespace to the host's {@code port}. */
    void cut(int port) throws IOException, InterruptedException {
        exec("iptables", "-A", "OUTPUT", "-p", "tcp", "-d", HOST_IP, "--dport", Integer.toString(port), "-j", "DROP");
    }

    /** Lets packets to the host's {@code port} through again. */
    void heal(int port) throws IOException, InterruptedException {
        exec("iptables", "-D", "OUTPUT", "-p", "tcp", "-d", HOST_IP, "--dport", Integer.toString(port), "-j", "DROP");
    }

    private void exec(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(prefix());
        full.addAll(List.of(command));
        run(full.toArray(String[]::new));
    }

    private void removeLeftovers() throws InterruptedException {
        try {
            run("ip", "netns", "del", name);
        } catch (IOException | IllegalStateException absent) {
            // nothing left from an earlier run
        }
        try {
            run("ip", "link", "del", hostIf);
        } catch (IOException | IllegalStateException absent) {
            // nothing left from an earlier run
        }
    }

    @Override
    public void close() throws InterruptedException {
        removeLeftovers();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, tool))) {
                return true;
            }
        }
        return java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/sbin", tool))
                || java.nio.file.Files.isExecutable(java.nio.file.Path.of("/sbin", tool));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
        }
    }
}
