package org.linli.config.render;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * {@code firstrun.sh} for Raspberry Pi OS Bookworm, which has no cloud-init: the same first-boot
 * settings as {@link CloudInit}, in the shape of Raspberry Pi Imager's own firstrun.sh (its
 * {@code imager_custom} and {@code userconf} helpers when present, plain files otherwise). The kernel
 * runs it once through {@code systemd.run} on the command line; it then removes itself and that argument.
 */
final class FirstRun {
    /** Bookworm mounts the boot (FAT) partition at /boot/firmware. */
    static final String SCRIPT_PATH = "/boot/firmware/firstrun.sh";
    static final String CMDLINE_APPEND = "systemd.run=" + SCRIPT_PATH
            + " systemd.run_success_action=reboot systemd.unit=kernel-command-line.target";

    private FirstRun() {
    }

    static String script(String hostname, String user, String sshKey, RenderOptions.Wifi wifi, List<PiFile> files) {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n# Rendered by linli-config render for gateway ").append(hostname)
                .append(" (Raspberry Pi OS Bookworm). Runs once at first boot.\n")
                .append("set +e\n\n")
                .append("HOST=").append(q(hostname)).append("\nLINLI_USER=").append(q(user))
                .append("\nSSH_KEY=").append(q(sshKey)).append("\n\n")
                .append("""
                        CURRENT_HOSTNAME=$(tr -d " \\t\\n\\r" </etc/hostname)
                        if [ -f /usr/lib/raspberrypi-sys-mods/imager_custom ]; then
                           /usr/lib/raspberrypi-sys-mods/imager_custom set_hostname "$HOST"
                        else
                           echo "$HOST" >/etc/hostname
                           sed -i "s/127.0.1.1.*$CURRENT_HOSTNAME/127.0.1.1\\t$HOST/g" /etc/hosts
                        fi
                        FIRSTUSER=$(getent passwd 1000 | cut -d: -f1)
                        FIRSTUSERHOME=$(getent passwd 1000 | cut -d: -f6)
                        # No password login: '*' matches no password; the SSH key is the only way in.
                        if [ -f /usr/lib/userconf-pi/userconf ]; then
                           /usr/lib/userconf-pi/userconf "$LINLI_USER" '*'
                        else
                           echo "$FIRSTUSER:*" | chpasswd -e
                           if [ "$FIRSTUSER" != "$LINLI_USER" ]; then
                              usermod -l "$LINLI_USER" "$FIRSTUSER"
                              usermod -m -d "/home/$LINLI_USER" "$LINLI_USER"
                              groupmod -n "$LINLI_USER" "$FIRSTUSER"
                           fi
                        fi
                        FIRSTUSER=$(getent passwd 1000 | cut -d: -f1)
                        FIRSTUSERHOME=$(getent passwd 1000 | cut -d: -f6)
                        if [ -f /usr/lib/raspberrypi-sys-mods/imager_custom ]; then
                           /usr/lib/raspberrypi-sys-mods/imager_custom enable_ssh -k "$SSH_KEY"
                        else
                           install -o "$FIRSTUSER" -m 700 -d "$FIRSTUSERHOME/.ssh"
                           printf '%s\\n' "$SSH_KEY" >"$FIRSTUSERHOME/.ssh/authorized_keys"
                           chown "$FIRSTUSER:" "$FIRSTUSERHOME/.ssh/authorized_keys"
                           chmod 600 "$FIRSTUSERHOME/.ssh/authorized_keys"
                           systemctl enable ssh
                        fi
                        echo 'PasswordAuthentication no' >/etc/ssh/sshd_config.d/linli.conf
                        raspi-config nonint do_i2c 0

                        """);
        if (wifi != null) {
            wifi(s, wifi);
        }
        s.append("# Gateway configuration and credentials, root-owned; secrets 0600.\n");
        files.stream().map(f -> parent(f.path())).distinct()
                .forEach(dir -> s.append("install -d -o root -g root -m 755 ").append(q(dir)).append('\n'));
        for (PiFile f : files) {
            s.append("echo ").append(q(base64(f.content()))).append(" | base64 -d >").append(q(f.path())).append('\n')
                    .append("chown root:root ").append(q(f.path())).append(" && chmod ").append(f.mode().substring(1))
                    .append(' ').append(q(f.path())).append('\n');
        }
        // Packages need the network, which is not up while firstrun.sh runs, and the kernel reboots as
        // soon as it exits: a one-shot unit does the installation on the next boot, once online.
        String firstBoot = "#!/bin/sh\napt-get update && apt-get install -y openjdk-17-jre-headless mosquitto\n"
                + CloudInit.INSTALL_GATEWAY + "\nsystemctl disable linli-firstboot.service\n";
        String unit = "[Unit]\nDescription=Linli first boot: install Java, Mosquitto and the gateway\n"
                + "Wants=network-online.target\nAfter=network-online.target\n\n[Service]\nType=oneshot\n"
                + "ExecStart=/usr/local/sbin/linli-firstboot\nStandardOutput=append:/var/log/linli-firstboot.log\n"
                + "StandardError=append:/var/log/linli-firstboot.log\n\n[Install]\nWantedBy=multi-user.target\n";
        s.append("\necho ").append(q(base64(firstBoot))).append(" | base64 -d >/usr/local/sbin/linli-firstboot\n")
                .append("chmod 755 /usr/local/sbin/linli-firstboot\n")
                .append("echo ").append(q(base64(unit))).append(" | base64 -d >/etc/systemd/system/linli-firstboot.service\n")
                .append("systemctl enable linli-firstboot.service\n")
                .append("""

                        for BOOT in /boot/firmware /boot; do
                           rm -f "$BOOT/firstrun.sh"
                           [ -f "$BOOT/cmdline.txt" ] && sed -i 's| systemd.run.*||g' "$BOOT/cmdline.txt"
                        done
                        exit 0
                        """);
        return s.toString();
    }

    /** Imager's helper uses NetworkManager on Bookworm; without it, a NetworkManager keyfile does the same. */
    private static void wifi(StringBuilder s, RenderOptions.Wifi wifi) {
        String keyfile = "[connection]\nid=linli-wifi\ntype=wifi\nautoconnect=true\n\n[wifi]\nmode=infrastructure\nssid="
                + wifi.ssid() + "\n\n[wifi-security]\nkey-mgmt=wpa-psk\npsk=" + wifi.password()
                + "\n\n[ipv4]\nmethod=auto\n\n[ipv6]\nmethod=auto\n";
        s.append("WIFI_SSID=").append(q(wifi.ssid())).append("\nWIFI_PASS=").append(q(wifi.password()))
                .append("\nWIFI_COUNTRY=").append(q(wifi.country())).append('\n')
                .append("if [ -f /usr/lib/raspberrypi-sys-mods/imager_custom ]; then\n")
                .append("   /usr/lib/raspberrypi-sys-mods/imager_custom set_wlan \"$WIFI_SSID\" \"$WIFI_PASS\" \"$WIFI_COUNTRY\"\n")
                .append("else\n")
                .append("   install -d -m 700 /etc/NetworkManager/system-connections\n")
                .append("   echo ").append(q(base64(keyfile)))
                .append(" | base64 -d >/etc/NetworkManager/system-connections/linli-wifi.nmconnection\n")
                .append("   chmod 600 /etc/NetworkManager/system-connections/linli-wifi.nmconnection\n")
                .append("   raspi-config nonint do_wifi_country \"$WIFI_COUNTRY\"\n")
                .append("   rfkill unblock wifi\n")
                .append("   for filename in /var/lib/systemd/rfkill/*:wlan; do echo 0 >\"$filename\"; done\n")
                .append("fi\n\n");
    }

    static String cmdlineAppend() {
        return "# Append to the end of the single line in cmdline.txt on the boot partition (one space before it):\n"
                + CMDLINE_APPEND + "\n";
    }

    /** A single-quoted shell word; the content of {@code text} is never interpreted. */
    static String q(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }
}
