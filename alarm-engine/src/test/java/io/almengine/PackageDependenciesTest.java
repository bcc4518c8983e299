package io.almengine;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package boundaries the package-info files describe, checked on the compiled classes of the
 * engine, the model and the probe (not the tests): no cycle between packages, the pipeline's
 * stages in their order, the topology's wiring apart from the stages, a model and Kafka plumbing
 * that know nothing of the engine.
 */
class PackageDependenciesTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.almengine");

    /**
     * The stages in the order records flow through them; a stage may use earlier ones (lifecycle
     * reads detect's signals), never a later one. Correlate judges server ports over the links detect
     * reports and tells lifecycle what it decided. The last group reads the alarms and has no order
     * among itself. The rule API ({@code rules}) is detection's. Silences and masks judge alarms the
     * lifecycle made, for the view and the notifications.
     */
    private static final List<List<String>> STAGES = List.of(
            List.of("io.almengine.ingest.."),
            List.of("io.almengine.detect..", "io.almengine.rules.."),
            List.of("io.almengine.correlate.."),
            List.of("io.almengine.lifecycle.."),
            List.of("io.almengine.silence.."),
            List.of("io.almengine.view..", "io.almengine.api..", "io.almengine.console..", "io.almengine.notify.."));

    private static String[] stages() {
        return STAGES.stream().flatMap(List::stream).toArray(String[]::new);
    }

    @Test
    void packagesHaveNoDependencyCycle() {
        // Every package is a slice of its own, so a sub-package cannot hide a cycle with its parent.
        slices().matching("io.almengine.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noStageImportsALaterStage() {
        for (int stage = 0; stage < STAGES.size() - 1; stage++) {
            String[] later = STAGES.subList(stage + 1, STAGES.size()).stream().flatMap(List::stream)
                    .toArray(String[]::new);
            noClasses().that().resideInAnyPackage(STAGES.get(stage).toArray(String[]::new))
                    .should().dependOnClassesThat().resideInAnyPackage(later)
                    .because("records flow " + STAGES + "; a stage never knows the stages after it")
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
    }

    @Test
    void stagesDoNotReachIntoThePipelineWiring() {
        noClasses().that().resideInAnyPackage(concat(stages(), "io.almengine.kafka.."))
                .should().dependOnClassesThat().resideInAPackage("io.almengine.pipeline..")
                .because("io.almengine.pipeline only wires the stages into a topology; what they share lives in"
                        + " the stage that owns it")
                .check(CLASSES);
    }

    @Test
    void modelImportsNoEnginePackage() {
        noClasses().that().resideInAPackage("io.almengine.model..")
                .should().dependOnClassesThat(resideInAPackage("io.almengine..")
                        .and(not(resideInAPackage("io.almengine.model.."))))
                .because("the model is the wire vocabulary the probe shares; it knows nothing of the engine")
                .check(CLASSES);
    }

    @Test
    void kafkaPlumbingImportsNoStage() {
        noClasses().that().resideInAPackage("io.almengine.kafka..")
                .should().dependOnClassesThat(resideInAnyPackage(concat(stages(), "io.almengine.pipeline..",
                        "io.almengine.definition..", "io.almengine.model..")))
                .because("io.almengine.kafka knows topics, offsets and bytes, never alarms or events")
                .check(CLASSES);
    }

    @Test
    void onlyTheCommandLineKnowsTheBench() {
        noClasses().that().resideOutsideOfPackages("io.almengine.bench..", "io.almengine.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.almengine.bench..")
                .because("the bench measures the engine from outside; run, probe and collect must not carry it")
                .check(CLASSES);
    }

    private static String[] concat(String[] packages, String... more) {
        String[] all = Arrays.copyOf(packages, packages.length + more.length);
        System.arraycopy(more, 0, all, packages.length, more.length);
        return all;
    }
}
