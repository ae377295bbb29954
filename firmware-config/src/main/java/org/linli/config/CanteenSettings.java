package org.linli.config;

import org.linli.config.canteen.VerificationMethod;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The elder-canteen counter on this gateway (the optional {@code canteen:} section of gateway.yaml).
 *
 * @param canteenId   the canteen, as the site inventory and the cloud name it
 * @param policy      the policy preset used until the cloud pushes one (e.g. {@code beijing})
 * @param zone        the site's time zone: meal windows and days are reckoned in it
 * @param ledgerPath  the counter's SQLite ledger (decisions, served meals, cached roster and policy)
 * @param terminals   the terminals at the counter
 * @param outputs     the counter's lights and buzzer, each optional
 * @param page        where the counter display page listens
 */
public record CanteenSettings(String canteenId, String policy, ZoneId zone, Path ledgerPath, List<Terminal> terminals,
                             Outputs outputs, Page page) {

    /** Default ledger file, beside the uplink buffer. */
    public static final Path DEFAULT_LEDGER = Path.of("/var/lib/linli/ledger.db");
    /** Default zone: every Linli site so far is in mainland China. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    public CanteenSettings {
        Objects.requireNonNull(canteenId, "canteenId");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(ledgerPath, "ledgerPath");
        terminals = List.copyOf(terminals);
        if (outputs == null) {
            outputs = new Outputs(null, null, null);
        }
        if (page == null) {
            page = Page.defaults();
        }
    }

    /** The same settings with another ledger file and page (tests). */
    public CanteenSettings with(Path otherLedger, Page otherPage) {
        return new CanteenSettings(canteenId, policy, zone, otherLedger, terminals, outputs, otherPage);
    }

    /** The Wiegand terminals (read on GPIO). */
    public List<WiegandTerminal> wiegandTerminals() {
        return terminals.stream().filter(WiegandTerminal.class::isInstance).map(WiegandTerminal.class::cast).toList();
    }

    /** The network terminals (LAN MQTT and HTTP). */
    public List<NetworkTerminal> networkTerminals() {
        return terminals.stream().filter(NetworkTerminal.class::isInstance).map(NetworkTerminal.class::cast).toList();
    }

    /** The terminal with this id. */
    public Optional<Terminal> terminal(String id) {
        return terminals.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** A terminal at the counter. */
    public sealed interface Terminal permits WiegandTerminal, NetworkTerminal {
        String id();
    }

    /**
     * A reader or face terminal wired to two GPIO inputs with the Wiegand protocol.
     *
     * @param id            terminal id
     * @param bits          26 or 34
     * @param d0            BCM pin of the D0 line (a pulse is a 0 bit)
     * @param d1            BCM pin of the D1 line (a pulse is a 1 bit)
     * @param method        what a frame means: {@code FACE} for a face terminal that sends the member's
     *                      credential after a match on the device, {@code CARD} for a card reader
     * @param frameTimeout  silence that ends a frame
     * @param minBitSpacing two pulses closer than this are noise
     */
    public record WiegandTerminal(String id, int bits, int d0, int d1, VerificationMethod method, Duration frameTimeout,
                                  Duration minBitSpacing) implements Terminal {
        public WiegandTerminal {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(frameTimeout, "frameTimeout");
            Objects.requireNonNull(minBitSpacing, "minBitSpacing");
        }
    }

    /**
     * A terminal that sends JSON terminal events: over the LAN broker on {@code topic}, or, with no
     * topic, only by HTTP to the counter page server.
     *
     * @param id    terminal id, as its events name it
     * @param topic the LAN topic it publishes on, or null for HTTP only
     */
    public record NetworkTerminal(String id, String topic) implements Terminal {
        public NetworkTerminal {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * The counter's signals, BCM pins driven high when on; each may be null (not fitted).
     *
     * @param green  lit for a subsidised meal
     * @param red    lit for a refusal
     * @param buzzer a short beep for a subsidised meal, a long one for a refusal
     */
    public record Outputs(Integer green, Integer red, Integer buzzer) {
        /** The pins that are fitted. */
        public List<Integer> pins() {
            return java.util.stream.Stream.of(green, red, buzzer).filter(Objects::nonNull).toList();
        }
    }

    /**
     * The counter display page and the terminals' HTTP endpoint (no login: LAN only).
     *
     * @param host address to listen on
     * @param port TCP port; 0 picks a free one (tests)
     */
    public record Page(String host, int port) {
        public static Page defaults() {
            return new Page("0.0.0.0", 8089);
        }
    }
}
