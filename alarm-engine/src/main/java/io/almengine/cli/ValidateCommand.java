package io.almengine.cli;

import io.almengine.definition.InvalidDefinitionsException;
import io.almengine.notify.Notifications;
import io.almengine.notify.NotificationsFile;
import io.almengine.notify.receivers.StandardReceivers;
import java.time.Clock;
import io.almengine.engine.OperatorFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code validate}: the checks the engine makes of the operator's files at start (every definition
 * validated, every runbook read against its definition, every rule compiled and tried once), without
 * Kafka, for change review and CI. Exit 0 and one {@code OK} line when valid; exit 1 and one line per
 * problem otherwise.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check definitions, rules and runbooks as the engine does at start, without starting it."
                + " Exit 0 when valid, 1 with one line per problem.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OperatorFolderOptions folders = new OperatorFolderOptions();

    @Option(names = "--notifications", description = "notifications.yaml: receivers and routes (default: not checked)")
    Path notifications;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Drools logs each compile error itself, in its own words, between the lines this command prints.
        Level drools = LogManager.getLogger("org.drools").getLevel();
        Level kie = LogManager.getLogger("org.kie").getLevel();
        Configurator.setLevel("org.drools", Level.OFF);
        Configurator.setLevel("org.kie", Level.OFF);
        try {
            return check(out, err);
        } finally {
            Configurator.setLevel("org.drools", drools);
            Configurator.setLevel("org.kie", kie);
        }
    }

    private int check(PrintWriter out, PrintWriter err) {
        var problems = new ArrayList<String>();
        var counts = new ArrayList<String>();
        String hash = null;
        try {
            OperatorFiles files = OperatorFiles.load(new OperatorFiles.Folders(folders.definitions, folders.rules, folders.runbooks,
                    notifications));
            hash = files.hash();
            counts.add(files.catalog().all().size() + " definitions");
            counts.add(files.runbooks().size() + " runbooks");
            counts.add(files.rules().fileCount() + " rule files (" + files.rules().ruleCount() + " rules)");
        } catch (OperatorFiles.InvalidFilesException e) {
            problems.addAll(e.problems());
        }
        if (notifications != null) {
            try {
                Notifications loaded = NotificationsFile.load(notifications, true, System.getenv(),
                        StandardReceivers.all(Clock.systemUTC()));
                counts.add(loaded.receivers().size() + " receivers");
            } catch (InvalidDefinitionsException e) {
                e.errors().forEach(error -> problems.add(error.toString()));
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(err::println);
            err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems"));
            err.flush();
            return 1;
        }
        out.println("OK: " + String.join(", ", counts) + "; config hash " + hash);
        out.flush();
        return 0;
    }
}
