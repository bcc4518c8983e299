package io.almengine.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Noise control in headless Chromium. An operator silences an alarm from its detail: the form
 * comes prefilled with the alarm's type and place, the silence is listed as active, the alarm
 * shows it, and expiring it from the list ends it. The clients' alarms of one outage are folded
 * under their root-cause alarm, and unfold on a click.
 */
class SilencesInBrowserTest {

    private static ConsoleShift shift;
    private static EngineHarness harness;
    private static ConsolePage page;
    private static String operatorToken;

    @BeforeAll
    static void startEngineAndBrowser() throws IOException {
        shift = ConsoleShift.start(new EngineHarness(), "night-shift", new Dimension(1280, 900), null);
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

    /** Signed in as the operator, whichever test came first. */
    private static void signedIn() {
        page.browser.get(page.base);
        page.waiting.until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(By.id("token")),
                ExpectedConditions.visibilityOfElementLocated(By.id("alarms"))));
        if (!page.browser.findElements(By.id("token")).isEmpty() && page.browser.findElement(By.id("token")).isDisplayed()) {
            page.signIn(operatorToken);
        }
    }

    @Test
    void anOutagesClientAlarmsAreFoldedUnderTheirParentAndUnfoldOnAClick() {
        Instant t = harness.freshHour();
        var links = new java.util.ArrayList<FlumeLink>();
        // Four: with one of them back, three are still down, enough for the parent to stand.
        for (int i = 0; i < 4; i++) {
            FlumeLink f = FlumeLink.fresh();
            links.add(new FlumeLink(f.source(), f.clientIp(), f.clientName(), f.sinkName(), "127.0.0.1", 39001));
        }
        harness.send(links.stream().map(l -> l.disconnected(t)).toArray(io.almengine.model.ConnectionEvent[]::new));
        harness.clockAt(t.plus(java.time.Duration.ofMinutes(3)));
        Alarm parent = harness.awaitAlarm("cluster-a|flume|127.0.0.1:39001", Alarm::active);
        long serial = parent.serialNo();
        for (FlumeLink link : links) {
            harness.awaitAlarm(link, a -> a.active() && Long.valueOf(serial).equals(a.parent()));
        }

        signedIn();
        page.browser.get(page.base + "#/active");
        By toggle = By.id("children-" + serial);
        assertEquals("▸ 4 clients", page.text(toggle));
        assertEquals(0, page.browser.findElements(By.cssSelector("#alarms tr.child-row")).size(), "collapsed");
        for (FlumeLink link : links) {
            Alarm child = harness.awaitAlarm(link, Alarm::active);
            assertEquals(0, page.browser.findElements(By.cssSelector("#alarms tr[data-serial='" + child.serialNo()
                    + "']")).size(), "not listed on its own");
        }

        page.click(toggle);
        page.waiting.until(d -> d.findElements(By.cssSelector("#alarms tr.child-row[data-serial]")).size() == 4);
        assertEquals("▾ 4 clients", page.text(toggle));
        page.screenshot("console-root-cause", null);

        // Unfolded, the children follow their changes: a client back is shown cleared under its parent.
        Alarm back = harness.awaitAlarm(links.get(0), Alarm::active);
        harness.send(links.get(0).connected(t.plus(java.time.Duration.ofMinutes(4))));
        harness.awaitAlarm(links.get(0), a -> a.serialNo() == back.serialNo() && !a.active());
        page.waiting.until(d -> d.findElements(By.cssSelector("#alarms tr.child-row[data-serial='" + back.serialNo()
                + "'][data-state='cleared']")).size() == 1);
        assertEquals(4, page.browser.findElements(By.cssSelector("#alarms tr.child-row[data-serial]")).size());
        assertTrue(harness.awaitAlarm("cluster-a|flume|127.0.0.1:39001", a -> a.serialNo() == serial).active());

        // Folded again; clicked again only while still unfolded, as a redraw under the pointer can swallow a click.
        page.waiting.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            if ("true".equals(d.findElement(toggle).getAttribute("aria-expanded"))) {
                d.findElement(toggle).click();
            }
            return d.findElements(By.cssSelector("#alarms tr.child-row")).isEmpty();
        });
    }

    @Test
    void anAlarmIsSilencedFromItsDetailAndTheSilenceExpiredFromTheList() {
        FlumeLink link = FlumeLink.fresh();
        Alarm alarm = harness.raiseAtFreshHour(link);
        signedIn();
        page.browser.get(page.base + "#/alarm/" + alarm.serialNo());
        page.click(By.id("detail-silence"));

        String matchers = page.visible(By.id("sl-matchers")).getDomProperty("value");
        assertTrue(matchers.contains("alertname=\"ALM-24003\""), matchers);
        assertTrue(matchers.contains("clientIp=\"" + link.clientIp() + "\""), matchers);
        page.browser.findElement(By.id("sl-comment")).sendKeys("client host being replaced");
        page.click(By.id("sl-create"));
        page.visible(By.cssSelector("#silences tr.silence-active"));
        String row = page.text(By.cssSelector("#silences tr.silence-active"));
        assertTrue(row.contains("night-shift") && row.contains(link.clientIp()), row);
        page.screenshot("console-silences", null);

        page.browser.get(page.base + "#/alarm/" + alarm.serialNo());
        assertTrue(page.text(By.id("detail-silenced")).startsWith("Silenced by"), page.text(By.id("detail-silenced")));

        page.browser.get(page.base + "#/silences");
        // The toast of the creation sits at the bottom right, where the list ends: bring the button up.
        page.js("arguments[0].scrollIntoView({block: 'center'})",
                page.visible(By.cssSelector("#silences tr.silence-active button.expire")));
        page.click(By.cssSelector("#silences tr.silence-active button.expire"));
        page.waiting.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#silences tr.silence-expired")));
        assertEquals(0, page.browser.findElements(By.cssSelector("#silences tr.silence-active")).size());
    }
}
