package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.testing.EngineHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rule is evaluated once at start: a rule reading a setting its definition does not declare stops the start. */
class RuleTrialAtStartTest {

    @TempDir
    Path tmp;

    @Test
    void aRuleReadingAMistypedSettingStopsTheStartNamingTheRuleFileAndTheSetting() throws IOException {
        Path definitions = Files.createDirectories(tmp.resolve("definitions"));
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Files.copy(EngineHarness.repoFolder("alarm-definitions").resolve("ALM-24101.yaml"),
                definitions.resolve("ALM-24101.yaml"));
        String drl = Files.readString(EngineHarness.repoFolder("rules").resolve("ALM-24101.drl"));
        String typo = drl.replace("def.intSetting(\"minReports\")", "def.intSetting(\"minReprts\")");
        assertTrue(!typo.equals(drl), "the shipped rule no longer reads minReports");
        Files.writeString(rules.resolve("ALM-24101.drl"), typo);

        try (EngineHarness harness = new EngineHarness(definitions, rules, EngineHarness.repoFolder("runbooks"))) {
            Exception e = assertThrows(Exception.class, harness::start);
            Throwable cause = e;
            while (!(cause instanceof InvalidRulesException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            String message = cause.getMessage();
            assertTrue(cause instanceof InvalidRulesException, String.valueOf(e));
            assertTrue(message.contains("ALM-24101.drl: rule \"ALM-24101:"), message);
            assertTrue(message.contains("setting 'minReprts' is not declared in ALM-24101.yaml"), message);
        }
    }

    @Test
    void theShippedRulesPassTheirTrial() {
        var catalog = io.almengine.definition.DefinitionCatalog.load(EngineHarness.repoFolder("alarm-definitions"),
                EngineHarness.repoFolder("runbooks"));
        RuleBook.load(EngineHarness.repoFolder("rules")).tryOnSamples(catalog.all());
    }
}
