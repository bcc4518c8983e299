package io.almengine.detect;

import io.almengine.definition.AlarmDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.io.ResourceType;

/**
 * The operator's rule files, compiled once at start into a Drools knowledge base. Each stream task
 * opens its own {@link RuleSession} on it (sessions are not thread-safe; the base is).
 */
public final class RuleBook {

    private static final Pattern LINE_COLUMN = Pattern.compile("[Ll]ine (\\d+):(\\d+)");
    private static final String KFS_ROOT = "src/main/resources/";
    /** A fact or the global named by its package before the rule API had its own (see {@link #withMovedNames}). */
    private static final Pattern PREVIOUS_RULE_API = Pattern.compile("\\bio\\.almengine\\.detect\\.([A-Z]\\w*)");

    private final KieBase base;
    private final String folder;
    private final Map<String, Path> byKiePath;

    private RuleBook(KieBase base, String folder, Map<String, Path> byKiePath) {
        this.base = base;
        this.folder = folder;
        this.byKiePath = Map.copyOf(byKiePath);
    }

    /** Compiles every {@code *.drl} under {@code folder}; throws with every error, by file and line. */
    public static RuleBook load(Path folder) {
        List<Path> files = ruleFiles(folder);
        KieServices kie = KieServices.Factory.get();
        KieFileSystem kfs = kie.newKieFileSystem();
        ReleaseId release = kie.newReleaseId("io.almengine", "rules", "1.0." + System.nanoTime());
        kfs.generateAndWritePomXML(release);
        Map<String, Path> byKiePath = new HashMap<>();
        for (Path file : files) {
            String relative = folder.relativize(file).toString().replace('\\', '/');
            kfs.write(KFS_ROOT + relative, kie.getResources().newFileSystemResource(file.toFile(), "UTF-8")
                    .setResourceType(ResourceType.DRL));
            byKiePath.put(relative, file);
            byKiePath.put(KFS_ROOT + relative, file);
        }
        KieBuilder builder = kie.newKieBuilder(kfs).buildAll();
        List<Message> messages = builder.getResults().getMessages(Message.Level.ERROR);
        var errors = new ArrayList<String>();
        for (Message m : messages) {
            String text = m.getText() == null ? "" : m.getText().strip().replace('\n', ' ');
            if (text.startsWith("Parser returned a null Package") && messages.size() > 1) {
                continue; // follow-up noise of a syntax error already reported
            }
            Path file = m.getPath() == null ? null : byKiePath.get(m.getPath());
            String where = file != null ? file.getFileName().toString() : String.valueOf(m.getPath());
            int line = m.getLine();
            int column = m.getColumn();
            Matcher lc = LINE_COLUMN.matcher(text);
            if (column <= 0 && lc.find()) {
                line = line > 0 ? line : Integer.parseInt(lc.group(1));
                column = Integer.parseInt(lc.group(2));
            }
            errors.add(where + ":" + line + ":" + column + ": " + text);
        }
        if (!errors.isEmpty()) {
            throw new InvalidRulesException(folder.toString(), withMovedNames(files, errors));
        }
        var config = kie.newKieBaseConfiguration();
        config.setOption(EventProcessingOption.CLOUD);
        KieBase base = kie.newKieContainer(release).newKieBase(config);
        kie.getRepository().removeKieModule(release);
        return new RuleBook(base, folder.toString(), byKiePath);
    }

    /** How many rule files were compiled. */
    public int fileCount() {
        return (int) byKiePath.values().stream().distinct().count();
    }

    /** How many rules the files hold. */
    public int ruleCount() {
        return base.getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
    }

    public RuleSession newSession(Collection<AlarmDefinition> definitions) {
        return new RuleSession(base.newKieSession(), definitions);
    }

    /**
     * Evaluates every rule once on sample connections of each definition's component (link up and
     * down; watch idle, overdue, met; with heartbeats and a peer when the definition has them), or
     * for a {@code scope: serverPort} type on sample server ports (see {@code RuleTrial.portSamples}), and
     * throws naming the rule file and rule of every rule that throws: a rule that reads a setting its
     * definition does not declare (see {@code AlarmDefinition.intSetting}) stops the start here
     * rather than a stream thread at its first real evaluation. What the rules decide is dropped.
     */
    public void tryOnSamples(Collection<AlarmDefinition> definitions) {
        // One line per failing rule and message, with the first sample it failed on.
        var errors = new java.util.LinkedHashMap<String, String>();
        for (AlarmDefinition def : definitions) {
            List<AlarmDefinition> sameComponent = definitions.stream()
                    .filter(d -> d.component().equals(def.component())).toList();
            if (def.perServerPort()) {
                for (RuleTrial.PortSample sample : RuleTrial.portSamples(def)) {
                    try (RuleSession session = newSession(definitions)) {
                        session.evaluate(sample.facts());
                    } catch (RuntimeException e) {
                        errors.putIfAbsent(RuleTrial.describe(e, byKiePath), def.code() + ", " + sample.name());
                    }
                }
                continue;
            }
            for (RuleTrial.Sample sample : RuleTrial.samples(def)) {
                try (RuleSession session = newSession(definitions)) {
                    session.evaluate(sample.state(), sameComponent, sample.now(), sample.peers());
                } catch (RuntimeException e) {
                    errors.putIfAbsent(RuleTrial.describe(e, byKiePath), def.code() + ", " + sample.name());
                }
            }
        }
        if (!errors.isEmpty()) {
            throw InvalidRulesException.failedTrial(folder, errors.entrySet().stream()
                    .map(e -> e.getKey() + " (on a sample " + e.getValue() + ")").toList());
        }
    }

    /**
     * {@code errors} with, for each file that still names the rule API by its package before it
     * had its own ({@code io.almengine.detect.Watch}, now {@code io.almengine.rules.Watch}), one
     * line per such name saying where it went instead of the compiler's errors for that file, which
     * all follow from it (Drools even resolves {@code Watch} to a class of its own).
     */
    private static List<String> withMovedNames(List<Path> files, List<String> errors) {
        var moved = new ArrayList<String>();
        var movedFiles = new HashSet<String>();
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (IOException e) {
                continue; // it compiled from this file a moment ago; its errors stay as they are
            }
            String name = file.getFileName().toString();
            for (int i = 0; i < lines.size(); i++) {
                Matcher old = PREVIOUS_RULE_API.matcher(lines.get(i));
                while (old.find()) {
                    String now = "io.almengine.rules." + old.group(1);
                    if (isClass(now)) {
                        moved.add(name + ":" + (i + 1) + ":0: " + old.group() + " is now " + now + " (the rule API"
                                + " moved; replace io.almengine.detect. by io.almengine.rules. in the imports and the global)");
                        movedFiles.add(name);
                    }
                }
            }
        }
        errors.stream().filter(e -> !movedFiles.contains(e.substring(0, Math.max(0, e.indexOf(':')))))
                .forEach(moved::add);
        return moved;
    }

    private static boolean isClass(String name) {
        try {
            Class.forName(name, false, RuleBook.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static List<Path> ruleFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new InvalidRulesException(folder.toString(), List.of("folder not found: " + folder.toAbsolutePath()));
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> files = walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".drl")).sorted()
                    .toList();
            if (files.isEmpty()) {
                throw new InvalidRulesException(folder.toString(), List.of("no *.drl rule file in " + folder));
            }
            return files;
        } catch (IOException e) {
            throw new InvalidRulesException(folder.toString(), List.of("cannot list: " + e.getMessage()));
        }
    }
}
