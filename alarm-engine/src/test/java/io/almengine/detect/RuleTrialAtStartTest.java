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
    void aServerPortRuleReadingAMistypedSettingFailsItsTrialNamingTheRuleFileAndTheSetting() throws IOException {
        Path definitions = Files.createDirectories(tmp.resolve("definitions"));
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        for (String id : new String[] {"ALM-24003", "ALM-24900"}) {
            Files.copy(EngineHarness.repoFolder("alarm-definitions").resolve(id + ".yaml"),
                    definitions.resolve(id + ".yaml"));
            Files.copy(EngineHarness.repoFolder("rules").resolve(id + ".drl"), rules.resolve(id + ".drl"));
        }
        String drl = Files.readString(rules.resolve("ALM-24900.drl"));
        String typo = drl.replace("def.durationSetting(\"within\")", "def.durationSetting(\"witin\")");
        assertTrue(!typo.equals(drl), "the shipped rule no longer reads within");
        Files.writeString(rules.resolve("ALM-24900.drl"), typo);
        var catalog = io.almengine.definition.DefinitionCatalog.load(definitions, EngineHarness.repoFolder("runbooks"));

        InvalidRulesException e = assertThrows(InvalidRulesException.class,
                () -> RuleBook.load(rules).tryOnSamples(catalog.all()));
        assertTrue(e.getMessage().contains("setting 'witin' is not declared in ALM-24900.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("ALM-24900"), e.getMessage());
    }

    @Test
    void theShippedRulesPassTheirTrial() {
        var catalog = io.almengine.definition.DefinitionCatalog.load(EngineHarness.repoFolder("alarm-definitions"),
                EngineHarness.repoFolder("runbooks"));
        RuleBook.load(EngineHarness.repoFolder("rules")).tryOnSamples(catalog.all());
    }
}
