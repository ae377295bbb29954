package org.linli.cloud.app;

import io.micronaut.runtime.Micronaut;

/**
 * The Linli cloud: takes gateway readings from MQTT into InfluxDB and shows them. Settings come from
 * {@code application.yml}, overridden by environment variables such as {@code LINLI_SITE_FILE}.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args)
                .mainClass(Application.class)
                .banner(false)
                .start();
    }
}
