package org.linli.config.render;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Renderer} wrote. Paths only: nothing here holds a secret, so it is safe to print.
 *
 * @param brokerDir the cloud broker's files
 * @param secretsDir the plaintext passwords (0700)
 * @param gateways  one entry per rendered gateway
 */
public record RenderResult(Path brokerDir, Path secretsDir, List<Gateway> gateways) {

    public RenderResult {
        gateways = List.copyOf(gateways);
    }

    /**
     * One gateway's bundle.
     *
     * @param id        gateway id
     * @param dir       {@code DIR/gateways/ID}
     * @param sensors   how many sensors its gateway.yaml carries
     * @param firstBoot true when cloud-init and firstrun.sh files were written (an SSH key was given)
     * @param newPassword true when its password was created in this run (new gateway or rotation)
     */
    public record Gateway(String id, Path dir, int sensors, boolean firstBoot, boolean newPassword) {
    }
}
