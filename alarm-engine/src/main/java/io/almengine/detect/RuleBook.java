package io.almengine.detect;

import io.almengine.definition.AlarmDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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

    private final KieBase base;

    private RuleBook(KieBase base) {
        this.base = base;
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
            throw new InvalidRulesException(folder.toString(), errors);
        }
        var config = kie.newKieBaseConfiguration();
        config.setOption(EventProcessingOption.CLOUD);
        KieBase base = kie.newKieContainer(release).newKieBase(config);
        kie.getRepository().removeKieModule(release);
        return new RuleBook(base);
    }

    public RuleSession newSession(Collection<AlarmDefinition> definitions) {
        return new RuleSession(base.newKieSession(), definitions);
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
