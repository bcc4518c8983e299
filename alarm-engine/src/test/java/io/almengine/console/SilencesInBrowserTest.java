package io.almengine.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * An operator silences an alarm from its detail in headless Chromium: the form comes prefilled
 * with the alarm's type and place, the silence is listed as active, the alarm shows it, and
 * expiring it from the list ends it.
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

    @Test
    void anAlarmIsSilencedFromItsDetailAndTheSilenceExpiredFromTheList() {
        FlumeLink link = FlumeLink.fresh();
        Alarm alarm = harness.raiseAtFreshHour(link);
        page.signIn(operatorToken);
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
