package io.almengine.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.testing.EngineHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A definition declares the settings its rule reads, with type and value, checked at load. */
class DeclaredSettingsTest {

    private static final Path SHIPPED = EngineHarness.repoFolder("alarm-definitions");
    private static final Path RUNBOOKS = EngineHarness.repoFolder("runbooks");

    @TempDir
    Path tmp;

    @Test
    void aDefaultThatIsNotOfItsTypeNamesTheFileLineAndSetting() throws IOException {
        String text = Files.readString(SHIPPED.resolve("ALM-24101.yaml"))
                .replace("{type: duration, default: PT10M}", "{type: duration, default: 10 minutes}");
        InvalidDefinitionsException e = loadFails("ALM-24101.yaml", text);
        assertEquals(1, e.errors().size(), e.getMessage());
        DefinitionError error = e.errors().get(0);
        assertEquals("settings.reportWindow.default", error.field(), e.getMessage());
        assertEquals(lineOf(text, "  reportWindow:"), error.line(), e.getMessage());
        assertTrue(e.getMessage().contains("ALM-24101.yaml:" + lineOf(text, "  reportWindow:")), e.getMessage());
        assertTrue(error.message().contains("ISO-8601"), e.getMessage());
    }

    @Test
    void aSettingWithoutItsTypeIsRefusedWithTheFormToWrite() throws IOException {
        String text = Files.readString(SHIPPED.resolve("ALM-24102.yaml"))
                .replace("phiThreshold: {type: number, default: 16}", "phiThreshold: 16");
        InvalidDefinitionsException e = loadFails("ALM-24102.yaml", text);
        assertEquals(1, e.errors().size(), e.getMessage());
        assertEquals(lineOf(text, "  phiThreshold:"), e.errors().get(0).line(), e.getMessage());
        assertTrue(e.errors().get(0).message().contains("{type: int|number|duration|text, default: 16}"), e.getMessage());
    }

    @Test
    void anUnknownSettingTypeNamesTheKnownOnes() throws IOException {
        String text = Files.readString(SHIPPED.resolve("ALM-24101.yaml")).replace("{type: int, default: 8}",
                "{type: integer, default: 8}");
        InvalidDefinitionsException e = loadFails("ALM-24101.yaml", text);
        assertEquals(lineOf(text, "  minReports:"), e.errors().get(0).line(), e.getMessage());
        assertTrue(e.errors().get(0).message().contains("int, number, duration, text"), e.getMessage());
    }

    @Test
    void rulesReadSettingsTypedAndAnUndeclaredNameSaysWhatIsDeclared() {
        AlarmDefinition def = DefinitionCatalog.load(SHIPPED, RUNBOOKS).byId(24101).orElseThrow();
        assertEquals(8, def.intSetting("minReports"));
        assertEquals(8.0, def.numberSetting("minReports"), "a whole number is a number too");
        var typo = assertThrows(IllegalStateException.class, () -> def.intSetting("minReprts"));
        assertEquals("ALM-24101: setting 'minReprts' is not declared in ALM-24101.yaml (declared: minReports, reportWindow)",
                typo.getMessage());
        var wrongType = assertThrows(IllegalStateException.class, () -> def.durationSetting("minReports"));
        assertTrue(wrongType.getMessage().contains("'minReports' is declared int"), wrongType.getMessage());
    }

    private InvalidDefinitionsException loadFails(String file, String text) throws IOException {
        Path folder = Files.createTempDirectory(tmp, "defs");
        Files.writeString(folder.resolve(file), text);
        return assertThrows(InvalidDefinitionsException.class, () -> DefinitionCatalog.load(folder, RUNBOOKS));
    }

    private static int lineOf(String text, String prefix) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line starting with " + prefix);
    }
}
