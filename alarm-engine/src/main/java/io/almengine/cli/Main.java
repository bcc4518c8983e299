package io.almengine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar alarm-engine.jar <subcommand> …} */
@Command(name = "alarm-engine.jar", mixinStandardHelpOptions = true, version = "ALM Engine 0.1.0",
        description = "Alarm engine for data-collection fleets: Kafka in, Drools decides, alarms out.",
        subcommands = {RunCommand.class, ProbeCommand.class, CollectCommand.class, BenchApiCommand.class,
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
