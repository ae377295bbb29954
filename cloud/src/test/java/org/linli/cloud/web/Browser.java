package org.linli.cloud.web;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One headless Debian Chromium (through Debian's chromedriver) for every browser test of the run, quit
 * when the run ends. Nothing is downloaded: a missing browser fails the test with the command that
 * installs it. Declare a {@link ChromeDriver} parameter and {@code @ExtendWith(Browser.class)}.
 */
public final class Browser implements ParameterResolver {
    private static final Logger LOG = LoggerFactory.getLogger(Browser.class);
    static final Path CHROMIUM = Path.of(System.getProperty("linli.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("linli.chromedriver", "/usr/bin/chromedriver"));

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ChromeDriver.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Shared.class, k -> new Shared(), Shared.class).driver;
    }

    /** Where screenshots go: {@code -Dlinli.screenshots.dir}, else target/screenshots. */
    static void screenshot(ChromeDriver driver, String name) {
        Path dir = Path.of(System.getProperty("linli.screenshots.dir", "target/screenshots"));
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Shared implements ExtensionContext.Store.CloseableResource {
        final ChromeDriver driver;
        final Path profile;

        Shared() {
            if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
                throw new IllegalStateException("browser tests need Debian's Chromium and its driver (" + CHROMIUM + ", "
                        + CHROMEDRIVER + "): run deploy/local/stack.sh install-test-tools, or apt-get install chromium chromium-driver");
            }
            try {
                profile = Files.createTempDirectory("linli-chromium");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-first-run",
                    "--disable-dev-shm-usage", "--disable-quic", "--window-size=412,915", "--lang=zh-CN",
                    "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
            driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
            LOG.info("browser started: {}", driver.getCapabilities().getBrowserVersion());
        }

        @Override
        public void close() throws IOException {
            try {
                driver.quit();
            } finally {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
