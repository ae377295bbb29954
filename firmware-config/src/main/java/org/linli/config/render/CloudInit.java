package org.linli.config.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * cloud-init NoCloud files for Raspberry Pi OS Trixie, which reads {@code user-data},
 * {@code network-config} and {@code meta-data} from the boot partition at first boot.
 */
final class CloudInit {
    /** The groups Raspberry Pi Imager gives the first user, so GPIO and I2C work without root. */
    private static final String GROUPS = "users,adm,dialout,audio,netdev,video,plugdev,input,gpio,i2c,spi,sudo";
    /**
     * Installing the gateway package is tolerant: the linli-gateway .deb is not published yet (a later
     * issue), and a missing package must not fail the rest of the first boot.
     */
    static final String INSTALL_GATEWAY = "if apt-get install -y linli-gateway; then systemctl enable --now linli-gateway; "
            + "else echo 'linli: package linli-gateway not available yet, install it later' >&2; fi";

    private CloudInit() {
    }

    static String userData(String hostname, String user, String sshKey, String timezone, String wifiCountry,
                           List<PiFile> files) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("hostname", hostname);
        root.put("manage_etc_hosts", true);
        root.put("timezone", timezone);
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("name", user);
        u.put("groups", GROUPS);
        u.put("shell", "/bin/bash");
        u.put("sudo", "ALL=(ALL) NOPASSWD:ALL");
        u.put("lock_passwd", true);
        u.put("ssh_authorized_keys", List.of(sshKey));
        root.put("users", List.of(u));
        root.put("ssh_pwauth", false);
        root.put("package_update", true);
        root.put("packages", List.of("openjdk-17-jre-headless", "mosquitto"));
        root.put("write_files", files.stream().map(CloudInit::writeFile).toList());
        List<Object> runcmd = new ArrayList<>();
        runcmd.add(List.of("raspi-config", "nonint", "do_i2c", "0"));
        if (wifiCountry != null) {
            runcmd.add(List.of("raspi-config", "nonint", "do_wifi_country", wifiCountry));
        }
        runcmd.add(List.of("systemctl", "enable", "--now", "ssh"));
        runcmd.add(List.of("sh", "-c", INSTALL_GATEWAY));
        root.put("runcmd", runcmd);
        return "#cloud-config\n" + Yaml.write(root);
    }

    private static Map<String, Object> writeFile(PiFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", f.path());
        m.put("content", f.content());
        m.put("owner", "root:root");
        m.put("permissions", f.mode());
        return m;
    }

    /** Netplan v2 as Raspberry Pi Imager writes it: Wi-Fi when given, else DHCP on Ethernet. */
    static String networkConfig(RenderOptions.Wifi wifi) {
        Map<String, Object> net = new LinkedHashMap<>();
        net.put("version", 2);
        if (wifi == null) {
            net.put("ethernets", Map.of("eth0", Map.of("dhcp4", true, "optional", true)));
        } else {
            Map<String, Object> wlan = new LinkedHashMap<>();
            wlan.put("dhcp4", true);
            wlan.put("regulatory-domain", wifi.country());
            wlan.put("access-points", Map.of(wifi.ssid(), Map.of("password", wifi.password())));
            wlan.put("optional", true);
            net.put("renderer", "NetworkManager");
            net.put("ethernets", Map.of("eth0", Map.of("dhcp4", true, "optional", true)));
            net.put("wifis", Map.of("wlan0", wlan));
        }
        return Yaml.write(Map.of("network", net));
    }

    /**
     * The instance id changes whenever the bundle does: cloud-init runs its once-per-instance modules
     * again on a Pi that boots a card with different settings, and never on a mere reboot.
     */
    static String metaData(String hostname, String userData, String networkConfig) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instance-id", "linli-" + hostname + "-" + sha256(userData + "\0" + networkConfig).substring(0, 16));
        m.put("local-hostname", hostname);
        return Yaml.write(m);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
