package org.linli.gateway.pi4j;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.i2c.I2C;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.linli.config.GpioProvider;
import org.linli.config.SensorBinding;
import org.linli.config.SensorKind;
import org.linli.config.SensorSpec;
import org.linli.gateway.gpio.GpioVerticle;
import org.linli.gateway.i2c.NoiseModuleSettings;
import org.linli.gateway.i2c.NoiseModuleVerticle;
import org.linli.config.Pull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class Pi4jPlatformTest {
    private static final SensorSpec PIR = new SensorSpec("pir-1", SensorKind.PIR, "plaza-east",
            new SensorBinding.GpioInput(17, Pull.DOWN, Duration.ofMillis(50), false));
    private static final SensorSpec NOISE = new SensorSpec("noise-1", SensorKind.NOISE_MODULE, "plaza-east",
            new SensorBinding.I2cDevice(1, 0x30));

    @Test
    void shouldShareOneContextBetweenPinsAndI2cAndShutItDownWithTheLastDriver(Vertx vertx, VertxTestContext test) {
        Pi4jPlatform platform = new Pi4jPlatform(GpioProvider.MOCK, true, true);
        GpioVerticle gpio = new GpioVerticle(platform, List.of(PIR), Clock.systemUTC(), r -> { });
        NoiseModuleVerticle noise = new NoiseModuleVerticle(platform, List.of(NOISE), Clock.systemUTC(),
                NoiseModuleSettings.defaults(), r -> { });

        vertx.deployVerticle(gpio).compose(gpioId -> vertx.deployVerticle(noise).compose(noiseId -> {
            test.verify(() -> {
                assertSame(gpio.pi4j(), platform.context());
                assertTrue(platform.context().registry().exists("pir-1"));
                assertNotNull(platform.context().registry().get("noise-1", I2C.class));
                assertNotNull(platform.context().registry().get("pir-1", DigitalInput.class));
            });
            return vertx.undeploy(gpioId).compose(v -> {
                test.verify(() -> assertNotNull(platform.context(), "the noise driver still holds Pi4J"));
                return vertx.undeploy(noiseId);
            });
        })).onComplete(test.succeeding(v -> test.verify(() -> {
            assertNull(platform.context());
            test.completeNow();
        })));
    }
}
