package io.almengine.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.engine.EngineConfig;
import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console in headless Chromium against a real engine: an operator signs in, watches an alarm
 * raised by a real event appear without a reload, acknowledges it, opens it, sees it leave when the
 * client connects again, and switches to Chinese. Screenshots go to {@code target/screenshots/}.
 *
 * <p>The tests run in order and share one browser and one engine, like one operator's shift.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleInBrowserTest {

    private static ConsoleShift shift;
    private static Path downloads;
    private static EngineHarness harness;
    private static ConsolePage page;
    private static String operatorToken;
    private static FlumeLink link;
    private static Alarm alarm;
    private static Alarm raised;

    @BeforeAll
    static void startEngineAndBrowser() throws IOException {
        downloads = Files.createTempDirectory("alm-downloads");
        shift = ConsoleShift.start(new EngineHarness(), "night-shift", new Dimension(1280, 800), downloads);
        harness = shift.harness();
        page = shift.page();
        operatorToken = shift.operatorToken();
    }

    @AfterAll
    static void stop() {
        if (shift != null) {
            shift.close();
        }
    }

    private static Alarm raise(FlumeLink l) {
        return harness.raiseAtFreshHour(l);
    }

    private static By row(Alarm a) {
        return By.cssSelector("tr[data-serial='" + a.serialNo() + "']");
    }

    private static By link(Alarm a) {
        return By.cssSelector("tr[data-serial='" + a.serialNo() + "'] a.alarm-link");
    }

    /** The window from the top of the page, as an operator first sees it. */
    private static void screenshot(String name) {
        page.js("window.scrollTo(0, 0)");
        page.screenshot(name, null);
    }

    private static void awaitLive() {
        page.waiting.until(ExpectedConditions.attributeContains(By.id("live"), "class", "live-live"));
    }

    @Test
    @Order(1)
    void aWrongTokenIsRefusedAndARightOneSignsIn() {
        page.browser.get(page.base);
        page.visible(By.id("token")).sendKeys("not-a-token");
        page.click(By.id("signin"));
        assertTrue(page.visible(By.id("signin-error")).getText().contains("unknown or was revoked"));

        WebElement token = page.browser.findElement(By.id("token"));
        token.clear();
        token.sendKeys(operatorToken, Keys.ENTER);
        page.visible(By.id("alarms"));
        assertEquals("night-shift · operator", page.text(By.id("who")));
        assertEquals(operatorToken, page.js("return sessionStorage.getItem('alm.token')"));
        awaitLive();
    }

    @Test
    @Order(2)
    void aNewAlarmAppearsLiveWithoutReload() {
        page.js("window.__sameDocument = true");
        link = FlumeLink.fresh();
        alarm = raise(link);
        page.visible(row(alarm));
        String shown = page.text(row(alarm));
        assertTrue(shown.contains("Flume Client connection interrupted"), shown);
        assertTrue(shown.contains(link.clientIp()), shown);
        assertTrue(page.attribute(By.cssSelector("tr[data-serial='" + alarm.serialNo() + "'] .sev"), "class")
                .contains("sev-major"));
        assertEquals(Boolean.TRUE, page.js("return window.__sameDocument === true"), "no reload");
        page.waiting.until(ExpectedConditions.textToBe(By.cssSelector("#count-major .n"), "1"));
        assertEquals("UTC " + alarm.occurredAt().toString().replace("Z", ".000Z"),
                page.attribute(By.cssSelector("tr[data-serial='" + alarm.serialNo() + "'] time"), "title"),
                "the UTC instant on hover");
        screenshot("console-list");
    }

    @Test
    @Order(3)
    void anAlarmIsAcknowledgedFromTheListWithMultiSelect() {
        Alarm second = raise(FlumeLink.fresh());
        page.visible(row(second));
        page.click(By.id("select-" + alarm.serialNo()));
        page.click(By.id("select-" + second.serialNo()));
        page.waiting.until(ExpectedConditions.textToBe(By.id("selection-count"), "2 selected"));
        page.click(By.id("act-ack"));
        page.waiting.until(d -> page.attribute(row(alarm), "class").contains("acked")
                && page.attribute(row(second), "class").contains("acked"));
        assertTrue(harness.engine().alarms().get(alarm.serialNo()).orElseThrow().acknowledged());
        assertTrue(page.text(By.id("toast")).contains("2 done"));
    }

    @Test
    @Order(4)
    void theDetailViewShowsParametersImpactCausesHistoryAndTakesAComment() {
        page.click(link(alarm));
        page.visible(By.id("detail-title"));
        assertEquals("Flume Client connection interrupted", page.text(By.id("detail-title")));
        assertTrue(page.text(By.cssSelector(".params")).contains(link.clientName()));
        assertTrue(page.text(By.id("impact")).contains("cannot communicate"));
        assertEquals(3, page.browser.findElements(By.cssSelector("#causes li")).size());
        assertTrue(page.text(By.id("history")).contains("night-shift"), "who acknowledged");
        assertEquals("Open the runbook", page.text(By.id("runbook-link")));
        assertEquals("Collect a log bundle", page.text(By.id("logbundle-link")));

        page.browser.findElement(By.id("comment-text")).sendKeys("Client host rebooting; back in 10 minutes");
        page.click(By.id("comment-post"));
        page.waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("comments"),
                "Client host rebooting; back in 10 minutes"));
        screenshot("console-detail");
    }

    @Test
    @Order(5)
    void theAlarmClearsLiveWhenTheConnectionResumes() {
        page.click(By.id("back"));
        page.visible(row(alarm));
        harness.send(link.connected(alarm.occurredAt().plusSeconds(40)));
        page.waiting.until(ExpectedConditions.invisibilityOfElementLocated(row(alarm)));
        assertEquals(Boolean.TRUE, page.js("return window.__sameDocument === true"), "no reload");

        page.click(By.cssSelector("#tabs a[href='#/history']"));
        page.visible(row(alarm));
        assertEquals("cleared", page.attribute(row(alarm), "data-state"));
        assertTrue(page.text(row(alarm)).contains("Automatic"), page.text(row(alarm)));
    }

    @Test
    @Order(6)
    void switchingLanguageShowsChineseNamesAndWords() {
        page.click(By.id("lang"));
        page.waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tabs"), "活动告警"));
        page.waiting.until(d -> page.text(row(alarm)).contains("Flume Client连接中断"));
        assertTrue(page.text(row(alarm)).contains("自动清除"), page.text(row(alarm)));
        assertEquals("zh-CN", page.js("return document.documentElement.lang"));
        page.click(By.cssSelector("#tabs a[href='#/active']"));
        page.visible(By.id("count-major"));
        screenshot("console-list-zh");
        page.click(By.id("lang"));
        page.waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tabs"), "Active alarms"));
    }

    @Test
    @Order(7)
    void markupInParametersAndCommentsIsShownAsText() {
        String hostile = "<img src=x onerror=\"window.__injected=1\">";
        FlumeLink evil = new FlumeLink("cluster-a", "10.66.0.1", hostile, "<script>window.__injected=2</script>",
                "192.168.0.10", 21154);
        Alarm a = raise(evil);
        var admin = shift.admin();
        admin.post("/api/alarms/" + a.serialNo() + "/comments",
                "{\"text\":\"<b onmouseover=alert(1)>bold</b><script>window.__injected=3</script>\"}");
        page.visible(row(a));
        assertTrue(page.text(row(a)).contains(hostile), page.text(row(a)));
        assertTrue(page.browser.findElements(By.cssSelector("#alarms img")).isEmpty(), "no element was made from the data");

        page.click(link(a));
        page.waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("comments"), "<script>"));
        assertTrue(page.browser.findElements(By.cssSelector("#main img, #main script, #main b")).isEmpty());
        assertNull(page.js("return window.__injected === undefined ? null : window.__injected"), "nothing ran");
        page.click(By.id("back"));
        page.visible(By.id("alarms"));
    }

    @Test
    @Order(8)
    void theListIsUsableByKeyboard() {
        page.browser.get(page.base + "#/active");
        page.visible(By.cssSelector("#alarms a.alarm-link"));
        var keys = new Actions(page.browser);
        String onAlarmLink = "return document.activeElement.classList.contains('alarm-link')";
        for (int i = 0; i < 80 && page.js(onAlarmLink) != Boolean.TRUE; i++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        assertEquals(Boolean.TRUE, page.js(onAlarmLink), "an alarm is reachable with Tab");
        keys.sendKeys(Keys.ENTER).perform();
        page.visible(By.id("detail-title"));
        keys.sendKeys(Keys.ESCAPE).perform();
        page.visible(By.id("alarms"));
    }

    @Test
    @Order(9)
    void aNarrowScreenNeedsNoSidewaysScrolling() {
        page.browser.manage().window().setSize(new Dimension(390, 844));
        try {
            page.browser.get(page.base + "#/active");
            page.browser.navigate().refresh(); // a phone opens the console afresh: filters start folded
            page.visible(By.cssSelector("#alarms a.alarm-link"));
            assertEquals(null, page.js("return document.querySelector('details.filter-box').getAttribute('open')"));
            long overflow = (Long) page.js("return document.documentElement.scrollWidth - window.innerWidth");
            assertTrue(overflow <= 0, "the page is " + overflow + "px wider than the screen");
            assertFalse(page.browser.findElement(By.cssSelector("th.opt")).isDisplayed(), "less important columns go");
            screenshot("console-narrow");
        } finally {
            page.browser.manage().window().setSize(new Dimension(1280, 800));
        }
    }

    @Test
    @Order(10)
    void aClearedAlarmLeavesTheHistoryLiveWhenItsRetentionEnds() {
        page.browser.get(page.base + "#/history");
        page.visible(row(alarm));
        page.js("window.__sameDocument = true");
        harness.clockAt(harness.clock.instant().plus(EngineConfig.defaults().clearedRetention()).plusSeconds(1));
        page.waiting.until(ExpectedConditions.invisibilityOfElementLocated(row(alarm)));
        assertEquals(Boolean.TRUE, page.js("return window.__sameDocument === true"), "no reload");
    }

    @Test
    @Order(11)
    void oneClientsAlarmsOnTwoServersShowWhichServerInTheList() {
        FlumeLink first = FlumeLink.fresh();
        FlumeLink second = new FlumeLink(first.source(), first.clientIp(), first.clientName(), first.sinkName(),
                "192.168.0.11", 21155);
        Alarm a = raise(first);
        raised = a;
        Alarm b = raise(second);
        page.browser.get(page.base + "#/active");
        page.visible(row(a));
        page.visible(row(b));

        String toFirst = page.text(location(a));
        String toSecond = page.text(location(b));
        assertTrue(toFirst.contains("127.0.0.1:" + first.serverPort()) && toFirst.contains(first.clientName()), toFirst);
        assertTrue(toSecond.contains("192.168.0.11:21155") && toSecond.contains(first.clientName()), toSecond);
        assertNotEquals(toFirst, toSecond, "two alarms of one client that look identical");
    }

    @Test
    @Order(12)
    void theRaisedEntryOfTheHistoryShowsItsTimesAsEveryOtherTime() {
        page.click(link(raised));
        page.visible(By.id("history"));
        By raisedDetail = By.xpath("//table[@id='history']//tr[td[2][normalize-space()='Raised']]/td[4]");
        String shown = page.text(raisedDetail);
        String since = raised.occurredAt().minus(java.time.Duration.ofMinutes(3)).toString();
        assertTrue(shown.startsWith("client " + raised.params().get("clientIp") + " not connected to "), shown);
        assertFalse(shown.matches("(?s).*\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}.*"), "a raw instant: " + shown);
        assertEquals("UTC " + since.replace("Z", ".000Z"), page.attribute(
                By.xpath("//table[@id='history']//tr[td[2][normalize-space()='Raised']]/td[4]//time"), "title"),
                "the UTC instant on hover");
        String local = page.text(By.xpath("//table[@id='history']//tr[td[2][normalize-space()='Raised']]/td[4]//time"));
        assertTrue(local.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"), "in the browser's zone as the When column: " + local);
        page.click(By.id("back"));
        page.visible(By.id("alarms"));
    }

    @Test
    @Order(13)
    void longNamesWrapBetweenWordsNotInsideThem() {
        String longName = "nightly settlement collector for the clearing platform of the second data centre "
                + "reading payment gateway transaction journals and reconciliation exports every quarter hour";
        FlumeLink wordy = new FlumeLink("cluster-a", "10.67.0.1", longName, "avro sink towards the aggregation tier",
                "127.0.0.1", 21154);
        Alarm a = raise(wordy);
        page.browser.get(page.base + "#/active");
        page.visible(row(a));

        WebElement cell = page.browser.findElement(location(a));
        assertTrue((Long) page.js(LINES, cell) > 1, "the name is long enough to wrap");
        assertEquals(List.of(), page.js(SPLIT_WORDS, cell), "words broken across lines in the list");

        page.click(link(a));
        WebElement value = page.visible(By.xpath("//dl[contains(@class,'params')]/dd[contains(., 'nightly settlement')]"));
        page.browser.manage().window().setSize(new Dimension(700, 800));
        try {
            assertTrue((Long) page.js(LINES, value) > 1, "the name is long enough to wrap");
            assertEquals(List.of(), page.js(SPLIT_WORDS, value), "words broken across lines in the detail");
        } finally {
            page.browser.manage().window().setSize(new Dimension(1280, 800));
        }
        page.click(By.id("back"));
        page.visible(By.id("alarms"));
    }

    /** How many lines the element's text takes. */
    private static final String LINES = "const r = document.createRange(); r.selectNodeContents(arguments[0]);"
            + " return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size;";

    /** The words of the element's text that start on one line and end on another. */
    private static final String SPLIT_WORDS = "const split = [];"
            + " const walk = document.createTreeWalker(arguments[0], NodeFilter.SHOW_TEXT);"
            + " while (walk.nextNode()) { const node = walk.currentNode; const words = /[^\\s·]+/g; let m;"
            + "   while ((m = words.exec(node.data))) { const r = document.createRange();"
            + "     r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);"
            + "     if (new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1) split.push(m[0]); } }"
            + " return split;";

    private static By location(Alarm a) {
        return By.cssSelector("tr[data-serial='" + a.serialNo() + "'] td.location");
    }

    @Test
    @Order(14)
    void theExportButtonSavesTheListAsCsvThatExcelReads() throws IOException {
        page.browser.get(page.base + "#/active");
        page.visible(row(raised));
        if (page.browser.findElement(By.cssSelector("details.filter-box")).getDomAttribute("open") == null) {
            page.click(By.id("filters-toggle"));  // folded away since the narrow screen
        }

        page.click(By.id("export"));

        page.waiting.until(d -> savedCsv() != null);
        byte[] csv = Files.readAllBytes(savedCsv());
        assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF), List.of(csv[0], csv[1], csv[2]), "UTF-8 with a BOM");
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        String header = text.lines().findFirst().orElseThrow();
        assertTrue(header.startsWith("Serial No.") || header.startsWith("流水号"), "headers in the console's language: " + header);
        assertTrue(text.contains(Long.toString(raised.serialNo())) && text.contains(raised.params().get("clientIp")), text);
    }

    /** The CSV Chromium finished saving, or {@code null} while there is none. */
    private static Path savedCsv() {
        try (var files = Files.list(downloads)) {
            return files.filter(f -> f.getFileName().toString().matches("alarms-.*\\.csv")).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    @Order(20)
    void signingOutForgetsTheToken() {
        page.click(By.id("signout"));
        page.visible(By.id("token"));
        assertNull(page.js("return sessionStorage.getItem('alm.token')"));
        assertTrue(page.browser.findElement(By.id("topbar")).getDomAttribute("hidden") != null, "the top bar is hidden");
    }
}
