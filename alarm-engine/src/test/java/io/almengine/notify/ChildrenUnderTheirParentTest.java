package io.almengine.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.lifecycle.AlarmAction;
import io.almengine.model.Alarm;
import io.almengine.model.AlarmChange;
import io.almengine.testing.NotifyDriver;
import io.almengine.testing.WebhookServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The children of a root-cause alarm (the clients of a server port that lost them all at once) are
 * not notified on their own: the parent's one message says how many clients are affected, and each
 * child's history says it was held back under its parent.
 */
class ChildrenUnderTheirParentTest {

    private static final Instant T0 = NotifyDriver.T0;
    private static final long PARENT = 9000;
    private WebhookServer hook;
    private NotifyDriver stage;

    @BeforeEach
    void start() {
        hook = new WebhookServer(java.time.Clock.systemUTC());
        stage = NotifyDriver.toWebhook(hook.url(), "  groupWait: PT30S\n  groupInterval: PT5M");
    }

    @AfterEach
    void close() {
        stage.close();
        hook.close();
    }

    private List<AlarmAction.Notified> held() {
        return stage.history().stream().map(c -> c.action()).filter(a -> a instanceof AlarmAction.Notified n
                && n.outcome().equals("held")).map(a -> (AlarmAction.Notified) a).toList();
    }

    @Test
    void twoHundredChildrenAndTheirParentSendOneMessageNamingTwoHundredClients() {
        // Half raised already linked, half linked a moment after their raise (as the parent's
        // serial number comes round through the lifecycle stage).
        for (int i = 1; i <= 200; i++) {
            Alarm child = Alarms.flume(i, "cluster-a", T0);
            if (i % 2 == 0) {
                stage.raised(child.withParent(PARENT));
            } else {
                stage.raised(child);
            }
        }
        stage.raised(Alarms.serverPort(PARENT, "cluster-a", 200, T0));
        for (int i = 1; i <= 200; i += 2) {
            stage.change(AlarmChange.LINKED, Alarms.flume(i, "cluster-a", T0).linked(T0.plusSeconds(1), PARENT));
        }

        stage.clockAt(T0.plusSeconds(30));
        stage.clockAt(T0.plusSeconds(40));

        assertEquals(1, hook.taken().size(), "one message, not 201");
        JsonNode alerts = hook.taken().get(0).get("alerts");
        assertEquals(1, alerts.size());
        assertEquals("ALM-24900", alerts.get(0).get("labels").get("alertname").asText());
        assertEquals("200", alerts.get(0).get("labels").get("clientsDown").asText());
        assertEquals("200", alerts.get(0).get("annotations").get("affected").asText());
        assertEquals(200, held().size(), "each child held back once");
        assertTrue(held().stream().allMatch(n -> n.answer().equals("parent alarm " + PARENT)), held().toString());
    }

    @Test
    void aChildsRecoveryIsNotSentEither() {
        Alarm child = Alarms.flume(1, "cluster-a", T0).withParent(PARENT);
        stage.raised(child);
        stage.clockAt(T0.plusSeconds(30));
        stage.cleared(Alarms.cleared(child, T0.plusSeconds(60)));
        stage.clockAt(T0.plus(Duration.ofMinutes(6)));
        assertEquals(0, hook.taken().size());
    }

    @Test
    void aChildUnlinkedFromAParentThatWasNeverRaisedIsNotifiedOnItsOwn() {
        Alarm child = Alarms.flume(1, "cluster-a", T0).withParent(PARENT);
        stage.raised(child);
        stage.clockAt(T0.plusSeconds(10));
        stage.change(AlarmChange.UNLINKED, child.unlinked(T0.plusSeconds(10), PARENT, "its outage broke up"));
        stage.clockAt(T0.plusSeconds(30));
        assertEquals(1, hook.taken().size(), "its own message once it is nobody's child");
        JsonNode alerts = hook.taken().get(0).get("alerts");
        assertEquals("ALM-24003", alerts.get(0).get("labels").get("alertname").asText());
    }

    @Test
    void aHeldBackChildIsNotKeptToBeLookedAtAgain() {
        for (int i = 1; i <= 3; i++) {
            stage.raised(Alarms.flume(i, "cluster-a", T0).withParent(PARENT));
        }
        stage.raised(Alarms.serverPort(PARENT, "cluster-a", 3, T0));
        assertEquals(4, stage.membersKept());
        stage.clockAt(T0.plusSeconds(30));
        assertEquals(1, hook.taken().size());
        assertEquals(1, stage.membersKept(), "the parent, told about; its children held back once and let go");
        stage.clockAt(T0.plus(Duration.ofMinutes(6)));
        assertEquals(3, held().size(), "no second entry at the next flush");
    }

    @Test
    void aChildUnlinkedAfterItWasHeldBackIsNotifiedThen() {
        Alarm child = Alarms.flume(1, "cluster-a", T0).withParent(PARENT);
        stage.raised(child);
        stage.clockAt(T0.plusSeconds(30));
        assertEquals(1, held().size());
        stage.change(AlarmChange.UNLINKED, child.unlinked(T0.plusSeconds(40), PARENT, "its outage broke up"));
        stage.clockAt(T0.plusSeconds(40));
        stage.clockAt(T0.plus(Duration.ofMinutes(6)));
        assertEquals(1, hook.taken().size(), "its own message once it is nobody's child");
        assertEquals("ALM-24003", hook.taken().get(0).at("/alerts/0/labels/alertname").asText());
    }
}
