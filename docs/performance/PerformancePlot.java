import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Draws docs/performance.png from the JSON lines that {@code alarm-engine.jar bench} printed, one
 * file per run: throughput and alarm latency against the number of connections. Plain JDK (Java2D),
 * run as a single source file:
 *
 * <pre>java docs/performance/PerformancePlot.java docs/performance/bench-{10000,100000,1000000}.json docs/performance.png</pre>
 */
public final class PerformancePlot {

    private static final int W = 1200;
    private static final int H = 520;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e)};

    record Run(double connections, double raw, double engine, double raiseP50, double raiseP99, double clearP50,
               double clearP99) {
    }

    public static void main(String[] args) throws IOException {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < args.length - 1; i++) {
            String json = Files.readString(Path.of(args[i])).strip();
            json = json.lines().reduce((a, b) -> b).orElse("");
            runs.add(new Run(num(json, "connections"), num(json, "rawConsumePerSec"), num(json, "engineEventsPerSec"),
                    num(json, "raiseLatenessP50Ms"), num(json, "raiseLatenessP99Ms"), num(json, "clearLatencyP50Ms"),
                    num(json, "clearLatencyP99Ms")));
        }
        runs.sort(Comparator.comparingDouble(Run::connections));

        var image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);

        panel(g, 70, 60, 480, 380, "Throughput (events/s, log scale)", runs, true,
                List.of("raw consumer (ceiling)", "engine"), List.of(Run::raw, Run::engine), 1e4, 1e7,
                List.of(100_000.0), List.of("target 100k"));
        panel(g, 680, 60, 480, 380, "Alarm latency (ms)", runs, false,
                List.of("raise lateness p50", "raise lateness p99", "clear latency p50", "clear latency p99"),
                List.of(Run::raiseP50, Run::raiseP99, Run::clearP50, Run::clearP99), 0, 1200,
                List.of(1000.0, 500.0), List.of("target raise p99", "target clear p99"));
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString("ALM Engine bench on 2 cores (broker in the same process); x: tracked connections (log scale)",
                70, H - 20);
        ImageIO.write(image, "png", Path.of(args[args.length - 1]).toFile());
    }

    private static void panel(Graphics2D g, int x0, int y0, int w, int h, String title, List<Run> runs, boolean logY,
                              List<String> names, List<java.util.function.ToDoubleFunction<Run>> series, double yMin,
                              double yMax, List<Double> targets, List<String> targetLabels) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString(title, x0, y0 - 20);
        g.setStroke(new BasicStroke(1));
        g.setColor(Color.GRAY);
        g.drawRect(x0, y0, w, h);
        double xMin = Math.log10(5_000);
        double xMax = Math.log10(2_000_000);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double c : new double[] {1e4, 1e5, 1e6}) {
            int x = (int) (x0 + (Math.log10(c) - xMin) / (xMax - xMin) * w);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(x, y0, x, y0 + h);
            g.setColor(Color.DARK_GRAY);
            g.drawString(c >= 1e6 ? (int) (c / 1e6) + "M" : (int) (c / 1e3) + "k", x - 10, y0 + h + 18);
        }
        List<Double> ticks = new ArrayList<>();
        if (logY) {
            for (double v = yMin; v <= yMax; v *= 10) {
                ticks.add(v);
            }
        } else {
            for (double v = yMin; v <= yMax; v += 200) {
                ticks.add(v);
            }
        }
        for (double v : ticks) {
            int y = yOf(v, y0, h, yMin, yMax, logY);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(x0, y, x0 + w, y);
            g.setColor(Color.DARK_GRAY);
            String label = logY ? String.format(Locale.ROOT, "%.0e", v) : String.format(Locale.ROOT, "%.0f", v);
            g.drawString(label, x0 - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        g.setColor(new Color(0x888888));
        for (int t = 0; t < targets.size(); t++) {
            int y = yOf(targets.get(t), y0, h, yMin, yMax, logY);
            g.drawLine(x0, y, x0 + w, y);
            String label = targetLabels.get(t);
            g.drawString(label, x0 + w - 8 - g.getFontMetrics().stringWidth(label), y - 6);
        }
        for (int s = 0; s < series.size(); s++) {
            g.setColor(COLORS[s % COLORS.length]);
            g.setStroke(new BasicStroke(s % 2 == 1 && !logY ? 2.5f : 2f));
            int px = -1;
            int py = -1;
            for (Run run : runs) {
                double v = series.get(s).applyAsDouble(run);
                if (Double.isNaN(v)) {
                    continue;
                }
                int x = (int) (x0 + (Math.log10(run.connections()) - xMin) / (xMax - xMin) * w);
                int y = yOf(Math.max(v, logY ? yMin : v), y0, h, yMin, yMax, logY);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.fillRect(x0 + 12, y0 + 14 + s * 18, 14, 4);
            g.setColor(Color.BLACK);
            g.drawString(names.get(s), x0 + 32, y0 + 20 + s * 18);
        }
    }

    private static int yOf(double v, int y0, int h, double min, double max, boolean log) {
        double f = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (v - min) / (max - min);
        return (int) (y0 + h - Math.max(0, Math.min(1, f)) * h);
    }

    private static double num(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.eE+]+|null)").matcher(json);
        if (!m.find() || m.group(1).equals("null")) {
            return Double.NaN;
        }
        return Double.parseDouble(m.group(1));
    }
}
