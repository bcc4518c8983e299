package io.almengine.cli;

import io.almengine.bench.BenchApiCommand;
import io.almengine.bench.BenchNotifyCommand;
import io.almengine.bench.BenchCommand;
import io.almengine.probe.ProbeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar alarm-engine.jar <subcommand> …} */
@Command(name = "alarm-engine.jar", mixinStandardHelpOptions = true, version = "ALM Engine 0.1.0",
        description = "Alarm engine for data-collection fleets: Kafka in, Drools decides, alarms out.",
        subcommands = {RunCommand.class, ValidateCommand.class, ProbeCommand.class, CollectCommand.class,
                BenchApiCommand.class, BenchNotifyCommand.class,
                BenchCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
