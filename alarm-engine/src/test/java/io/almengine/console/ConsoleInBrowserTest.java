package io.almengine.console;

import static io.almengine.testing.EngineHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.almengine.api.ApiClient;
import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in headless Chromium against a real engine: an operator signs in, watches an alarm
 * raised by a real event appear without a reload, acknowledges it, opens it, sees it leave when the
 * client connects again, and switches to Chinese. Screenshots go to {@code target/screenshots/}.
 *
 * <p>The tests run in order and share one browser and one engine, like one operator's shift.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleInBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static EngineHarness harness;
    private static ChromeDriver browser;
    private static WebDriverWait waiting;
    private static String operatorToken;
    private static String base;
    private static FlumeLink link;
    private static Alarm alarm;
    private static int hour;

    @BeforeAll
    static void startEngineAndBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        harness = new EngineHarness().start();
        base = "http://127.0.0.1:" + harness.engine().httpPort() + "/";
        var admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
        operatorToken = admin.post("/api/tokens", "{\"name\":\"night-shift\",\"role\":\"operator\"}").body()
                .get("token").asText();

        // Never let Selenium Manager look for (or download) a driver or a browser: both are given.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--lang=en-US", "--user-data-dir=" + Files.createTempDirectory("alm-chromium"));
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 800));
        waiting = new WebDriverWait(browser, WAIT);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (harness != null) {
            harness.close();
        }
    }

    /** A disconnect of {@code l} at a fresh hour, and the clock moved past the 3 minutes. */
    private static Alarm raise(FlumeLink l) {
        Instant t = T0.plus(Duration.ofHours(++hour));
        harness.clockAt(t);
        harness.send(l.disconnected(t));
        harness.clockAt(t.plus(Duration.ofMinutes(3)));
        return harness.awaitAlarm(l, Alarm::active);
    }

    private static By row(Alarm a) {
        return By.cssSelector("tr[data-serial='" + a.serialNo() + "']");
    }

    private static By link(Alarm a) {
        return By.cssSelector("tr[data-serial='" + a.serialNo() + "'] a.alarm-link");
    }

    private static WebElement visible(By by) {
        return waiting.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /**
     * Clicks what {@code by} finds, finding it again if the page redrew it in between (live updates
     * redraw the list whenever an alarm changes).
     */
    private static void click(By by) {
        waiting.ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    /** The text of what {@code by} finds, read again if the page redrew it meanwhile. */
    private static String text(By by) {
        return waiting.ignoring(StaleElementReferenceException.class).until(d -> d.findElement(by).getText());
    }

    private static String attribute(By by, String name) {
        return waiting.ignoring(StaleElementReferenceException.class).until(d -> {
            String value = d.findElement(by).getDomAttribute(name);
            return value == null ? "" : value;
        });
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static void screenshot(String name) {
        js("window.scrollTo(0, 0)");
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitLive() {
        waiting.until(ExpectedConditions.attributeContains(By.id("live"), "class", "live-live"));
    }

    @Test
    @Order(1)
    void aWrongTokenIsRefusedAndARightOneSignsIn() {
        browser.get(base);
        visible(By.id("token")).sendKeys("not-a-token");
        click(By.id("signin"));
        assertTrue(visible(By.id("signin-error")).getText().contains("unknown or was revoked"));

        WebElement token = browser.findElement(By.id("token"));
        token.clear();
        token.sendKeys(operatorToken, Keys.ENTER);
        visible(By.id("alarms"));
        assertEquals("night-shift · operator", text(By.id("who")));
        assertEquals(operatorToken, js("return sessionStorage.getItem('alm.token')"));
        awaitLive();
    }

    @Test
    @Order(2)
    void aNewAlarmAppearsLiveWithoutReload() {
        js("window.__sameDocument = true");
        link = FlumeLink.fresh();
        alarm = raise(link);
        visible(row(alarm));
        String shown = text(row(alarm));
        assertTrue(shown.contains("Flume Client connection interrupted"), shown);
        assertTrue(shown.contains(link.clientIp()), shown);
        assertTrue(attribute(By.cssSelector("tr[data-serial='" + alarm.serialNo() + "'] .sev"), "class")
                .contains("sev-major"));
        assertEquals(Boolean.TRUE, js("return window.__sameDocument === true"), "no reload");
        waiting.until(ExpectedConditions.textToBe(By.cssSelector("#count-major .n"), "1"));
        assertEquals("UTC " + alarm.occurredAt().toString().replace("Z", ".000Z"),
                attribute(By.cssSelector("tr[data-serial='" + alarm.serialNo() + "'] time"), "title"),
                "the UTC instant on hover");
        screenshot("console-list");
    }

    @Test
    @Order(3)
    void anAlarmIsAcknowledgedFromTheListWithMultiSelect() {
        Alarm second = raise(FlumeLink.fresh());
        visible(row(second));
        click(By.id("select-" + alarm.serialNo()));
        click(By.id("select-" + second.serialNo()));
        waiting.until(ExpectedConditions.textToBe(By.id("selection-count"), "2 selected"));
        click(By.id("act-ack"));
        waiting.until(d -> attribute(row(alarm), "class").contains("acked")
                && attribute(row(second), "class").contains("acked"));
        assertTrue(harness.engine().alarms().get(alarm.serialNo()).orElseThrow().acknowledged());
        assertTrue(text(By.id("toast")).contains("2 done"));
    }

    @Test
    @Order(4)
    void theDetailViewShowsParametersImpactCausesHistoryAndTakesAComment() {
        click(link(alarm));
        visible(By.id("detail-title"));
        assertEquals("Flume Client connection interrupted", text(By.id("detail-title")));
        assertTrue(text(By.cssSelector(".params")).contains(link.clientName()));
        assertTrue(text(By.id("impact")).contains("cannot communicate"));
        assertEquals(3, browser.findElements(By.cssSelector("#causes li")).size());
        assertTrue(text(By.id("history")).contains("night-shift"), "who acknowledged");
        assertEquals("Open the runbook", text(By.id("runbook-link")));
        assertEquals("Collect a log bundle", text(By.id("logbundle-link")));

        browser.findElement(By.id("comment-text")).sendKeys("Client host rebooting; back in 10 minutes");
        click(By.id("comment-post"));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("comments"),
                "Client host rebooting; back in 10 minutes"));
        screenshot("console-detail");
    }

    @Test
    @Order(5)
    void theAlarmClearsLiveWhenTheConnectionResumes() {
        click(By.id("back"));
        visible(row(alarm));
        harness.send(link.connected(alarm.occurredAt().plusSeconds(40)));
        waiting.until(ExpectedConditions.invisibilityOfElementLocated(row(alarm)));
        assertEquals(Boolean.TRUE, js("return window.__sameDocument === true"), "no reload");

        click(By.cssSelector("#tabs a[href='#/history']"));
        visible(row(alarm));
        assertEquals("cleared", attribute(row(alarm), "data-state"));
        assertTrue(text(row(alarm)).contains("Automatic"), text(row(alarm)));
    }

    @Test
    @Order(6)
    void switchingLanguageShowsChineseNamesAndWords() {
        click(By.id("lang"));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tabs"), "活动告警"));
        waiting.until(d -> text(row(alarm)).contains("Flume Client连接中断"));
        assertTrue(text(row(alarm)).contains("自动清除"), text(row(alarm)));
        assertEquals("zh-CN", js("return document.documentElement.lang"));
        click(By.cssSelector("#tabs a[href='#/active']"));
        visible(By.id("count-major"));
        screenshot("console-list-zh");
        click(By.id("lang"));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tabs"), "Active alarms"));
    }

    @Test
    @Order(7)
    void markupInParametersAndCommentsIsShownAsText() {
        String hostile = "<img src=x onerror=\"window.__injected=1\">";
        FlumeLink evil = new FlumeLink("cluster-a", "10.66.0.1", hostile, "<script>window.__injected=2</script>",
                "192.168.0.10", 21154);
        Alarm a = raise(evil);
        var admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
        admin.post("/api/alarms/" + a.serialNo() + "/comments",
                "{\"text\":\"<b onmouseover=alert(1)>bold</b><script>window.__injected=3</script>\"}");
        visible(row(a));
        assertTrue(text(row(a)).contains(hostile), text(row(a)));
        assertTrue(browser.findElements(By.cssSelector("#alarms img")).isEmpty(), "no element was made from the data");

        click(link(a));
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("comments"), "<script>"));
        assertTrue(browser.findElements(By.cssSelector("#main img, #main script, #main b")).isEmpty());
        assertNull(js("return window.__injected === undefined ? null : window.__injected"), "nothing ran");
        click(By.id("back"));
        visible(By.id("alarms"));
    }

    @Test
    @Order(8)
    void theListIsUsableByKeyboard() {
        browser.get(base + "#/active");
        visible(By.cssSelector("#alarms a.alarm-link"));
        var keys = new Actions(browser);
        String onAlarmLink = "return document.activeElement.classList.contains('alarm-link')";
        for (int i = 0; i < 80 && js(onAlarmLink) != Boolean.TRUE; i++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        assertEquals(Boolean.TRUE, js(onAlarmLink), "an alarm is reachable with Tab");
        keys.sendKeys(Keys.ENTER).perform();
        visible(By.id("detail-title"));
        keys.sendKeys(Keys.ESCAPE).perform();
        visible(By.id("alarms"));
    }

    @Test
    @Order(9)
    void aNarrowScreenNeedsNoSidewaysScrolling() {
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            browser.get(base + "#/active");
            browser.navigate().refresh(); // a phone opens the console afresh: filters start folded
            visible(By.cssSelector("#alarms a.alarm-link"));
            assertEquals(null, js("return document.querySelector('details.filter-box').getAttribute('open')"));
            long overflow = (Long) js("return document.documentElement.scrollWidth - window.innerWidth");
            assertTrue(overflow <= 0, "the page is " + overflow + "px wider than the screen");
            assertFalse(browser.findElement(By.cssSelector("th.opt")).isDisplayed(), "less important columns go");
            screenshot("console-narrow");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 800));
        }
    }

    @Test
    @Order(10)
    void signingOutForgetsTheToken() {
        click(By.id("signout"));
        visible(By.id("token"));
        assertNull(js("return sessionStorage.getItem('alm.token')"));
        assertTrue(browser.findElement(By.id("topbar")).getDomAttribute("hidden") != null, "the top bar is hidden");
    }
}
