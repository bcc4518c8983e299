package io.almengine.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a headless Debian Chromium, as the browser tests drive it. The console redraws
 * the list on every live update, so reads and clicks find their element again when it went stale
 * instead of failing on a redraw the test did not cause.
 */
final class ConsolePage implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    final ChromeDriver browser;
    final WebDriverWait waiting;
    /** The console's address, ending in a slash. */
    final String base;

    private ConsolePage(ChromeDriver browser, String base) {
        this.browser = browser;
        this.waiting = new WebDriverWait(browser, WAIT);
        this.base = base;
    }

    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * A browser window of {@code size} on the console of the engine at {@code httpPort};
     * {@code downloads}, when not null, is where the browser saves files without asking.
     */
    static ConsolePage open(int httpPort, Dimension size, Path downloads) throws IOException {
        // Never let Selenium Manager look for (or download) a driver or a browser: both are given.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--lang=en-US", "--user-data-dir=" + Files.createTempDirectory("alm-chromium"));
        if (downloads != null) {
            options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false));
        }
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        var browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(size);
        Files.createDirectories(SCREENSHOTS);
        return new ConsolePage(browser, "http://127.0.0.1:" + httpPort + "/");
    }

    /** Opens the console and signs in with {@code token}; returns once the alarm list is shown. */
    void signIn(String token) {
        browser.get(base);
        visible(By.id("token")).sendKeys(token, Keys.ENTER);
        visible(By.id("alarms"));
    }

    WebElement visible(By by) {
        return waiting.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Clicks what {@code by} finds once it is enabled, finding it again if the page redrew it in between. */
    void click(By by) {
        waiting.ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement e = d.findElement(by);
            if (!e.isEnabled()) {
                return false;
            }
            e.click();
            return true;
        });
    }

    /** The text of what {@code by} finds, read again if the page redrew it meanwhile. */
    String text(By by) {
        return waiting.ignoring(StaleElementReferenceException.class).until(d -> d.findElement(by).getText());
    }

    /** An attribute of what {@code by} finds ("" when absent), read again if the page redrew it meanwhile. */
    String attribute(By by, String name) {
        return waiting.ignoring(StaleElementReferenceException.class).until(d -> {
            String value = d.findElement(by).getDomAttribute(name);
            return value == null ? "" : value;
        });
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** {@code target/screenshots/NAME.png}: the element {@code of}, or the window when it is null. */
    void screenshot(String name, By of) {
        try {
            byte[] png = of == null ? ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES)
                    : browser.findElement(of).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        browser.quit();
    }
}
