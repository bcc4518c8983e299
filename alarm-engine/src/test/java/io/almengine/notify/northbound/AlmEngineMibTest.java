package io.almengine.notify.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.testing.EngineHarness;
import io.almengine.testing.Needs;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code mib/ALM-ENGINE-MIB.txt}: clean under libsmi's smilint, and loaded by Net-SNMP's
 * parser with the same OIDs the snmp receiver sends, so an NMS that loads it names every variable.
 */
class AlmEngineMibTest {

    private static final Path MIB = EngineHarness.repoFolder("mib").resolve("ALM-ENGINE-MIB.txt");

    private static final List<String> OBJECTS = List.of("almAlarmSerialNo", "almAlarmId", "almAlarmName",
            "almAlarmCategory", "almAlarmLevel", "almAlarmOccurTime", "almAlarmClearTime", "almAlarmIsAutoClear",
            "almAlarmClearType", "almAlarmLocationInfo", "almAlarmCause", "almAlarmAdditionalInfo");

    @Test
    void smilintFindsNothingToSayAtItsStrictestUsualLevel() throws Exception {
        Needs.tool(Files.isExecutable(Path.of("/usr/bin/smilint")), "smilint (apt-get install smitools)");

        Output said = run(Map.of("SMIPATH", standIns().toString()), "smilint", "-l", "6", MIB.toString());

        assertEquals("", said.out() + said.err(), "smilint -l 6 " + MIB);
    }

    @Test
    void netSnmpLoadsItWithTheOidsTheReceiverSends() throws Exception {
        Needs.tool(Files.isExecutable(Path.of("/usr/bin/snmptranslate")), "snmptranslate (apt-get install snmp)");
        List<String> names = new ArrayList<>(List.of("almAlarmNotification", "almHeartbeat"));
        names.addAll(OBJECTS);
        List<String> command = new ArrayList<>(List.of("snmptranslate", "-M", MIB.getParent() + ":" + standIns(),
                "-m", "ALM-ENGINE-MIB", "-Pe", "-On"));
        names.forEach(name -> command.add("ALM-ENGINE-MIB::" + name));

        // Only standard output holds OIDs: on a machine where Net-SNMP never ran, it also says on
        // standard error that it created its persistent directory.
        Output said = run(Map.of(), command.toArray(String[]::new));
        List<String> oids = said.out().lines().filter(line -> !line.isBlank()).toList();

        List<String> sent = new ArrayList<>(List.of("." + SnmpReceiver.ALARM_NOTIFICATION, "." + SnmpReceiver.HEARTBEAT));
        for (int i = 1; i <= OBJECTS.size(); i++) {
            sent.add("." + SnmpReceiver.OBJECTS + "." + i);
        }
        assertEquals(sent, oids, said.err());
        assertTrue(Files.readString(MIB).contains("PLACEHOLDER: 32473"), "the placeholder enterprise number is said");
    }

    private static Path standIns() throws URISyntaxException {
        return Path.of(AlmEngineMibTest.class.getResource("/mib-stand-ins/SNMPv2-SMI.txt").toURI()).getParent();
    }

    private record Output(String out, String err) {
    }

    private static Output run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("alm-mib-test", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
            String errors = Files.readString(err);
            assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output + errors);
            return new Output(output, errors);
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
