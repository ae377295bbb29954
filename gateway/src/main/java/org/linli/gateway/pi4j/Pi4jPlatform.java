package org.linli.gateway.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.context.ContextBuilder;
import com.pi4j.io.gpio.digital.DigitalInputProvider;
import com.pi4j.io.gpio.digital.DigitalOutputProvider;
import com.pi4j.io.i2c.I2CProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import org.linli.config.GpioProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The one Pi4J context of a gateway, shared by the drivers that need Pi4J (pins, I2C devices).
 *
 * <p>The context is built explicitly with only the providers the config calls for: Pi4J's mock
 * providers for {@link GpioProvider#MOCK} (no native code is loaded); for {@link GpioProvider#GPIOD}
 * the gpiod character-device input provider and, for I2C, the linuxfs provider
 * ({@code /dev/i2c-N}) if {@code com.pi4j:pi4j-plugin-linuxfs} is on the class path.
 *
 * <p>Drivers {@link #acquire()} it when they start and {@link #release()} it when they stop: the
 * first acquire builds the context, the last release shuts it down. Both block (the board is probed,
 * devices are closed): call them off the event loop.
 */
public final class Pi4jPlatform {
    private static final Logger LOG = LoggerFactory.getLogger(Pi4jPlatform.class);
    private static final String LINUXFS_I2C = "com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider";

    private final GpioProvider provider;
    private final boolean gpio;
    private final boolean i2c;
    private final boolean outputs;
    private Context context;
    private String inputProviderId;
    private String outputProviderId;
    private String i2cProviderId;
    private int users;

    /**
     * @param provider which platform: mock or the Pi's devices
     * @param gpio     whether digital inputs are needed
     * @param i2c      whether I2C devices are needed
     */
    public Pi4jPlatform(GpioProvider provider, boolean gpio, boolean i2c) {
        this(provider, gpio, i2c, false);
    }

    /**
     * @param provider which platform: mock or the Pi's devices
     * @param gpio     whether digital inputs are needed
     * @param i2c      whether I2C devices are needed
     * @param outputs  whether digital outputs are needed (the canteen counter's lights and buzzer)
     */
    public Pi4jPlatform(GpioProvider provider, boolean gpio, boolean i2c, boolean outputs) {
        this.provider = provider;
        this.gpio = gpio;
        this.i2c = i2c;
        this.outputs = outputs;
    }

    /** The context, built on first use; blocking. Pair every call with {@link #release()}. */
    public synchronized Context acquire() {
        if (context == null) {
            context = build();
        }
        users++;
        return context;
    }

    /** Gives the context back; the last user's release shuts it down. Blocking. */
    public synchronized void release() {
        if (users == 0) {
            return;
        }
        users--;
        if (users == 0 && context != null) {
            Context ctx = context;
            context = null;
            ctx.shutdown();
        }
    }

    /** The running context, or null when no driver holds it. */
    public synchronized Context context() {
        return context;
    }

    /** The id of the digital input provider; only while the context runs and gpio was asked for. */
    public synchronized String inputProviderId() {
        return inputProviderId;
    }

    /** The id of the digital output provider; only while the context runs and outputs were asked for. */
    public synchronized String outputProviderId() {
        return outputProviderId;
    }

    /** The id of the I2C provider; empty when none is available on this platform. */
    public synchronized Optional<String> i2cProviderId() {
        return Optional.ofNullable(i2cProviderId);
    }

    /** Which platform this is. */
    public GpioProvider provider() {
        return provider;
    }

    private Context build() {
        ContextBuilder builder = Pi4J.newContextBuilder()
                .noAutoDetectPlatforms()
                .noAutoDetectProviders()
                .noAutoInject()
                .disableShutdownHook();
        inputProviderId = null;
        outputProviderId = null;
        i2cProviderId = null;
        if (outputs) {
            DigitalOutputProvider out = provider == GpioProvider.MOCK
                    ? MockDigitalOutputProvider.newInstance()
                    : GpioDDigitalOutputProvider.newInstance();
            builder.add(out);
            outputProviderId = out.id();
        }
        if (gpio) {
            DigitalInputProvider inputs = provider == GpioProvider.MOCK
                    ? MockDigitalInputProvider.newInstance()
                    : GpioDDigitalInputProvider.newInstance();
            builder.add(inputs);
            inputProviderId = inputs.id();
        }
        if (i2c) {
            Optional<I2CProvider> bus = provider == GpioProvider.MOCK
                    ? Optional.of(MockI2CProvider.newInstance())
                    : linuxFsI2c();
            bus.ifPresent(p -> {
                builder.add(p);
                i2cProviderId = p.id();
            });
        }
        return builder.build();
    }

    // Looked up by name so the gateway builds without the plugin; add it to the pom to read real buses.
    private static Optional<I2CProvider> linuxFsI2c() {
        try {
            Class<?> type = Class.forName(LINUXFS_I2C);
            return Optional.of((I2CProvider) type.getMethod("newInstance").invoke(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warn("no Pi4J I2C provider: {} is not on the class path ({})", LINUXFS_I2C, e.toString());
            return Optional.empty();
        }
    }
}
