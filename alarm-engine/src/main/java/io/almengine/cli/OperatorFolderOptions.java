package io.almengine.cli;

import io.almengine.engine.EngineConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The operator's folders, as {@code run} and {@code validate} both take them (defaults from {@link EngineConfig}). */
final class OperatorFolderOptions {

    private static final EngineConfig DEFAULTS = EngineConfig.defaults();

    @Option(names = "--definitions", description = "alarm definitions folder (default: ${DEFAULT-VALUE})")
    Path definitions = DEFAULTS.definitionsDir();

    @Option(names = "--rules", description = "Drools rule files folder (default: ${DEFAULT-VALUE})")
    Path rules = DEFAULTS.rulesDir();

    @Option(names = "--runbooks", description = "runbooks folder (default: ${DEFAULT-VALUE})")
    Path runbooks = DEFAULTS.runbooksDir();
}
