package io.almengine.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.api.ApiClient;
import io.almengine.model.Alarm;
import io.almengine.testing.Bundles;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.LogFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The runbook view and the log bundle in headless Chromium against a real engine: an operator opens
 * a real ALM-24003 alarm, works two steps of its runbook (network yes, client process no, which
 * ends in "escalate"), and collects a log bundle of real files, downloading it through the link the
 * console offers. Screenshots go to {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunbookInBrowserTest {

    private static Path clientLogs;
    private static ConsoleShift shift;
    private static EngineHarness harness;
    private static ConsolePage page;
    private static ApiClient operator;
    private static String operatorToken;
    private static Alarm alarm;
    private static Path downloads;

    @BeforeAll
    static void startEngineAndBrowser() throws IOException {
        Path logs = Files.createTempDirectory("alm-logs");
        clientLogs = Files.createDirectories(logs.resolve("var/log/Bigdata/flume-client"));
        downloads = Files.createTempDirectory("alm-downloads");
        shift = ConsoleShift.start(EngineHarness.collectingLogs(logs, clientLogs), "day-shift", new Dimension(1280, 1000), downloads);
        harness = shift.harness();
        page = shift.page();
        operatorToken = shift.operatorToken();
        operator = shift.admin().as(operatorToken);

        // A real ALM-24003: the client disconnects, the harness clock passes the 3 minutes.
        alarm = harness.raiseAtFreshHour(FlumeLink.fresh());
        Instant at = alarm.occurredAt();
        LogFiles.write(clientLogs.resolve("flume-client.log"), at.plus(Duration.ofHours(2)),
                LogFiles.lines(LogFiles.log4j(ZoneOffset.UTC), at.minus(Duration.ofHours(2)), at.plus(Duration.ofHours(2)),
                        Duration.ofMinutes(10)));
    }

    @AfterAll
    static void stop() {
        if (shift != null) {
            shift.close();
        }
    }

    private static void awaitCurrentStep(String step) {
        page.waiting.until(d -> step.equals(page.attribute(By.id("runbook-current"), "data-step")));
    }

    @Test
    @Order(1)
    void theOperatorOpensTheAlarmAndItsRunbookByKeyboard() {
        page.signIn(operatorToken);
        page.browser.get(page.base + "#/alarm/" + alarm.serialNo());
        page.visible(By.id("detail-title"));
        assertEquals("false", page.attribute(By.id("runbook-link"), "aria-expanded"));

        page.browser.findElement(By.id("runbook-link")).sendKeys(Keys.ENTER);
        page.visible(By.id("runbook-view"));
        assertEquals("true", page.attribute(By.id("runbook-link"), "aria-expanded"));
        awaitCurrentStep("network-ping");
        assertTrue(page.text(By.id("runbook-title")).contains("Flume Client connection interrupted"));
        assertTrue(page.text(By.id("runbook-path")).contains("No step answered yet"));
        String instructions = page.text(By.id("rb-instructions"));
        assertTrue(instructions.contains(alarm.params().get("clientIp")), "parameters filled in: " + instructions);
        assertEquals("ping " + alarm.params().get("serverHost"), page.text(By.id("rb-command-0")));
        String question = page.text(By.id("rb-question"));
        assertTrue(question.contains("network"));
        String current = page.text(By.id("runbook-current"));
        assertEquals(1, current.split(java.util.regex.Pattern.quote(question), -1).length - 1,
                "the question is asked once: " + current);
    }

    @Test
    @Order(2)
    void aCheckRunsAndSuggestsAnAnswer() {
        page.click(By.id("rb-run-check"));
        WebElement result = page.visible(By.id("rb-check-result"));
        page.waiting.until(d -> !page.text(By.id("rb-check-result")).isBlank());
        String shown = result.getText();
        assertTrue(shown.contains("Check passed") || shown.contains("Check failed"), shown);
        page.js("document.getElementById('runbook-view').scrollIntoView()");
        page.screenshot("runbook-current-step", By.id("runbook-view"));
    }

    @Test
    @Order(3)
    void twoStepsAreAnsweredWithNotesAndThePathShowsThem() {
        page.browser.findElement(By.id("rb-note")).sendKeys("0% packet loss <b>fine</b>");
        page.click(By.id("rb-yes"));
        awaitCurrentStep("client-process");
        assertEquals("rb-current-title", page.js("return document.activeElement.id"), "focus follows to the next step");
        String path = page.text(By.id("runbook-path"));
        assertTrue(path.contains("Yes") && path.contains("day-shift") && path.contains("0% packet loss <b>fine</b>"), path);
        assertEquals("", page.browser.findElement(By.id("rb-note")).getDomProperty("value"), "the note is not carried over");

        // The second answer by keyboard only: the note field, then Tab to Yes, Tab to No.
        WebElement note = page.browser.findElement(By.id("rb-note"));
        note.sendKeys("no flume client process; agent was killed by OOM");
        note.sendKeys(Keys.TAB);
        assertEquals("rb-yes", page.js("return document.activeElement.id"));
        page.browser.switchTo().activeElement().sendKeys(Keys.TAB);
        assertEquals("rb-no", page.js("return document.activeElement.id"));
        page.browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        awaitCurrentStep("collect-logs");

        page.waiting.until(ExpectedConditions.textToBe(By.id("runbook-outcome"), "Escalate"));
        List<WebElement> taken = page.browser.findElements(By.cssSelector("#runbook-path > li"));
        assertEquals(2, taken.size());
        assertEquals("network-ping", taken.get(0).getDomAttribute("data-step"));
        assertTrue(taken.get(0).getText().contains("Yes"), taken.get(0).getText());
        assertEquals("client-process", taken.get(1).getDomAttribute("data-step"));
        assertTrue(taken.get(1).getText().contains("No") && taken.get(1).getText().contains("killed by OOM"),
                taken.get(1).getText());
        assertTrue(page.browser.findElements(By.cssSelector("#runbook-view b")).isEmpty(), "notes are text, not markup");

        JsonNode runbook = operator.get("/api/alarms/" + alarm.serialNo() + "/runbook").body();
        JsonNode answers = runbook.get("answers");
        assertEquals(2, answers.size(), answers.toString());
        assertEquals("network-ping", answers.get(0).get("step").asText());
        assertEquals("yes", answers.get(0).get("answer").asText());
        assertEquals("0% packet loss <b>fine</b>", answers.get(0).get("note").asText());
        assertEquals("day-shift", answers.get(0).get("by").asText());
        assertEquals("client-process", answers.get(1).get("step").asText());
        assertEquals("no", answers.get(1).get("answer").asText());
        assertEquals("collect-logs", runbook.get("current").asText());
        assertEquals("escalate", runbook.get("outcome").asText());

        // The answers are in the alarm's history too, which the detail view shows live.
        page.waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "Runbook answer"));
        page.js("document.getElementById('runbook-view').scrollIntoView()");
        page.screenshot("runbook-view", By.id("runbook-view"));
        page.screenshot("runbook-detail", null);
    }

    @Test
    @Order(4)
    void theRunbookSpeaksChinese() {
        page.click(By.id("lang"));
        page.waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("runbook-title"), "Flume Client连接中断"));
        assertTrue(page.text(By.id("runbook-outcome")).contains("需升级"));
        assertTrue(page.text(By.id("runbook-view")).contains("已完成的步骤"));
        page.js("document.getElementById('runbook-view').scrollIntoView()");
        page.screenshot("runbook-view-zh", By.id("runbook-view"));
        page.click(By.id("lang"));
        page.waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("runbook-view"), "Path so far"));
    }

    @Test
    @Order(5)
    void aLogBundleIsCollectedWithProgressAndDownloadedFromTheLink() {
        page.click(By.id("logbundle-link"));
        page.visible(By.id("logbundle-progress"));
        WebElement link = page.waiting.withTimeout(Duration.ofSeconds(60)).until(
                ExpectedConditions.visibilityOfElementLocated(By.id("logbundle-download")));
        assertEquals("done", page.attribute(By.id("logbundle-status"), "data-status"));
        String href = link.getDomAttribute("href");
        String file = link.getDomAttribute("download");
        assertTrue(href.startsWith("blob:"), href);
        assertTrue(file.matches("alm-24003-" + alarm.serialNo() + "-[\\w-]+\\.tar\\.gz"), file);
        assertEquals(page.attribute(By.id("logbundle-progress"), "max"), page.js("return String(document.getElementById('logbundle-progress').value)"));
        page.js("document.getElementById('logbundle').scrollIntoView()");
        page.screenshot("logbundle-done", By.cssSelector(".handling"));

        // What the link offers, as Chromium saves it when the operator clicks it.
        page.click(By.id("logbundle-download"));
        Path saved = downloads.resolve(file);
        page.waiting.until(d -> Files.isRegularFile(saved) && !Files.exists(downloads.resolve(file + ".crdownload")));
        byte[] archive;
        try {
            archive = Files.readAllBytes(saved);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Bundles bundle = Bundles.read(new ByteArrayInputStream(archive));
        JsonNode manifest = bundle.manifest();
        assertEquals(alarm.serialNo(), manifest.at("/alarm/serialNo").asLong());
        assertTrue(bundle.file(clientLogs.resolve("flume-client.log")).contains("line at"));

        // The same archive the API serves to the token's owner.
        String id = file.replaceFirst("^alm-24003-" + alarm.serialNo() + "-", "").replace(".tar.gz", "");
        var download = operator.download("/api/log-bundles/" + id + "/download");
        assertEquals(200, download.statusCode());
        assertEquals(archive.length, download.body().length);
        assertFalse(page.text(By.id("logbundle-status")).isBlank());
        assertNull(page.js("return window.__injected === undefined ? null : window.__injected"));
    }
}
