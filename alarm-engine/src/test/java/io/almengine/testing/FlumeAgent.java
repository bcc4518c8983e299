package io.almengine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Apache Flume 1.11.0 agent in its own process, on Flume's own classpath
 * ({@code flume-runtime/target/flume-lib}, never the engine's): a configuration file written here,
 * {@code org.apache.flume.node.Application -n NAME -f FILE}, its log in the agent's folder.
 * {@link #kill()} is a SIGKILL.
 */
public final class FlumeAgent implements AutoCloseable {

    private static final String LOG4J2 = """
            <Configuration status="warn">
              <Appenders>
                <File name="file" fileName="${sys:flume.log.file}">
                  <PatternLayout pattern="%d{ISO8601} %-5p [%t] %c{1} - %m%n"/>
                </File>
              </Appenders>
              <Loggers><Root level="info"><AppenderRef ref="file"/></Root></Loggers>
            </Configuration>
            """;

    private final String name;
    private final Path log;
    private final Process process;

    private FlumeAgent(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /** Flume's jars, as the build copied them; fails with what to run when they are missing. */
    public static Path lib() {
        Path lib = Path.of(System.getProperty("alm.flume.lib", "../flume-runtime/target/flume-lib"));
        try (var jars = Files.list(lib)) {
            if (jars.noneMatch(p -> p.getFileName().toString().startsWith("flume-ng-node-"))) {
                throw new IllegalStateException("no flume-ng-node jar in " + lib.toAbsolutePath());
            }
        } catch (IOException e) {
            throw new IllegalStateException("Flume's jars are not in " + lib.toAbsolutePath()
                    + ": build from the repository root (mvn -B verify), which fills it from flume-runtime", e);
        }
        return lib;
    }

    /** Starts agent {@code name} with {@code properties} (a Flume properties file's text) in {@code dir}. */
    public static FlumeAgent start(Path dir, String name, String properties) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve(name + ".properties");
        Files.writeString(conf, properties);
        Path log4j = dir.resolve("log4j2.xml");
        Files.writeString(log4j, LOG4J2);
        Path log = dir.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx128m",
                "-Dlog4j.configurationFile=" + log4j, "-Dflume.log.file=" + log,
                "-cp", lib().toAbsolutePath() + "/*",
                "org.apache.flume.node.Application", "-n", name, "-f", conf.toString(), "--no-reload-conf"))
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile()).start();
        return new FlumeAgent(name, log, process);
    }

    /** Waits until the agent's log has a line containing {@code text}. */
    public FlumeAgent awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Flume agent " + name + " exited:\n" + log());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Flume agent " + name + " did not log '" + text + "' in " + timeout + ":\n"
                + log());
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no goodbye on the connection beyond what the kernel does. */
    public void kill() throws InterruptedException {
        ChildProcess.kill(process);
    }

    @Override
    public void close() throws InterruptedException {
        ChildProcess.stop(process, Duration.ofSeconds(20));
    }
}
