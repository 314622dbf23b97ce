package dev.menagerie.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a bench run found: the rows of the Markdown table and the figures of {@code latest.json}.
 * The tracked keys are present from the start with {@code null}, so a figure that could not be
 * measured is visibly missing (with its reason under {@code not_measured}) rather than absent.
 */
public final class Results {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The keys a tracking script can rely on (issue 8; the training figures, issue 15). */
  public static final List<String> TRACKED =
      List.of(
          "handler_over_ort",
          "ort_over_djl",
          "ort_fraction_of_matmul_peak",
          "decode_over_pillow",
          "cold_start_seconds",
          "bulk_fraction_of_ideal",
          "scan_over_report",
          "warmstart_epoch_ratio",
          "peak_rss_mib",
          "training_images_per_second",
          "training_fraction_of_peak",
          "int8_speedup",
          "int8_accuracy_delta");

  /** One line of the table; {@code met} is null where the row has no target. */
  public record Row(
      String section,
      String measure,
      String ours,
      String peer,
      String ratio,
      String target,
      Boolean met) {}

  private final List<Row> rows = new ArrayList<>();
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final Map<String, String> notMeasured = new LinkedHashMap<>();
  private final Map<String, Object> details = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, String> figuresFrom = new LinkedHashMap<>();

  public Results() {
    TRACKED.forEach(k -> figures.put(k, null));
  }

  public void row(
      String section,
      String measure,
      String ours,
      String peer,
      String ratio,
      String target,
      Boolean met) {
    rows.add(new Row(section, measure, ours, peer, ratio, target, met));
  }

  /** A tracked (or extra) figure for latest.json. */
  public void figure(String key, Double value) {
    figures.put(key, value == null ? null : round(value, 4));
    if (value != null) {
      notMeasured.remove(key);
    }
  }

  /** A figure that is not a number (e.g. an array of rounds) for latest.json. */
  public void figureObject(String key, Object value) {
    figures.put(key, value);
    notMeasured.remove(key);
  }

  /** Says why a figure is null. */
  public void notMeasured(String key, String reason) {
    figures.putIfAbsent(key, null);
    notMeasured.put(key, reason);
  }

  /** Raw measurements behind the figures (milliseconds, counts...), under {@code details}. */
  public void detail(String section, String key, Object value) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m =
        (Map<String, Object>) details.computeIfAbsent(section, s -> new LinkedHashMap<>());
    m.put(key, value instanceof Double d ? round(d, 3) : value);
  }

  public void note(String note) {
    notes.add(note);
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  public Object figure(String key) {
    return figures.get(key);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  /** The table (and notes) as Markdown. */
  public String markdown(Machine machine, String date, boolean quick) {
    StringBuilder out = new StringBuilder();
    out.append("Machine: ")
        .append(machine.processor())
        .append(", ")
        .append(machine.cores())
        .append(" cores; load average at start ")
        .append(machine.loadAverage())
        .append("; ")
        .append(date)
        .append(quick ? "; --quick" : "")
        .append("\n\n");
    out.append("| Measure | Ours | Peer | Ratio | Target | Met |\n");
    out.append("|---|---|---|---|---|---|\n");
    String section = null;
    for (Row r : rows) {
      if (!r.section().equals(section)) {
        section = r.section();
        out.append("| **").append(section).append("** | | | | | |\n");
      }
      out.append("| ")
          .append(cell(r.measure()))
          .append(" | ")
          .append(cell(r.ours()))
          .append(" | ")
          .append(cell(r.peer()))
          .append(" | ")
          .append(cell(r.ratio()))
          .append(" | ")
          .append(cell(r.target()))
          .append(" | ")
          .append(r.met() == null ? "" : r.met() ? "yes" : "**no**")
          .append(" |\n");
    }
    if (!notes.isEmpty()) {
      out.append('\n');
      notes.forEach(n -> out.append("- ").append(n).append('\n'));
    }
    if (!figuresFrom.isEmpty()) {
      out.append('\n').append("Kept from earlier runs (this run did not measure them):\n");
      figuresFrom.forEach(
          (key, run) ->
              out.append("- ")
                  .append(key)
                  .append(" = ")
                  .append(
                      figures.get(key) instanceof Number ? figures.get(key) : "(see latest.json)")
                  .append(", from ")
                  .append(run)
                  .append('\n'));
    }
    return out.toString();
  }

  /**
   * Keeps what an earlier latest.json measured and this run did not (a run with {@code --only}):
   * each such figure is copied with the run it came from under {@code figures_from}, and each
   * section of details this run has none of is copied too. Figures this run measured always win.
   */
  public void keepEarlier(JsonNode earlier) {
    if (earlier == null || !earlier.isObject()) {
      return;
    }
    String earlierRun = describeRun(earlier);
    Set<String> meta =
        Set.of("machine", "date", "quick", "not_measured", "details", "notes", "figures_from");
    earlier
        .fields()
        .forEachRemaining(
            field -> {
              String key = field.getKey();
              JsonNode value = field.getValue();
              if (meta.contains(key) || value.isNull() || figures.get(key) != null) {
                return;
              }
              figures.put(key, JSON.convertValue(value, Object.class));
              notMeasured.remove(key);
              figuresFrom.put(key, earlier.path("figures_from").path(key).asText(earlierRun));
            });
    earlier
        .path("details")
        .fields()
        .forEachRemaining(
            section -> {
              if (!details.containsKey(section.getKey())) {
                details.put(section.getKey(), JSON.convertValue(section.getValue(), Object.class));
              }
            });
  }

  /** Where each figure kept from an earlier run came from. */
  public Map<String, String> figuresFrom() {
    return Map.copyOf(figuresFrom);
  }

  private static String describeRun(JsonNode run) {
    return "the run of "
        + run.path("date").asText("?")
        + (run.path("quick").asBoolean() ? " (--quick)" : "")
        + ", load average at start "
        + run.path("machine").path("load_average_at_start").asText("?");
  }

  /** latest.json: the tracked figures first, then the machine, date, reasons and details. */
  public Map<String, Object> json(Machine machine, String date, boolean quick) {
    Map<String, Object> json = new LinkedHashMap<>(figures);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("processor", machine.processor());
    m.put("cores", machine.cores());
    m.put("load_average_at_start", machine.loadAverage());
    m.put("memory_mib", machine.memoryMib());
    json.put("machine", m);
    json.put("date", date);
    json.put("quick", quick);
    json.put("not_measured", notMeasured);
    json.put("details", details);
    json.put("notes", notes);
    if (!figuresFrom.isEmpty()) {
      json.put("figures_from", figuresFrom);
    }
    return json;
  }

  public void writeJson(Path file, Machine machine, String date, boolean quick) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), json(machine, date, quick));
  }

  private static String cell(String s) {
    return s == null ? "" : s.replace("|", "\\|");
  }

  static double round(double v, int places) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }

  /** A figure for a table cell: 3 significant-ish digits. */
  public static String num(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    } else if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    } else if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  public static String ms(double millis) {
    return num(millis) + " ms";
  }

  public static String ratio(double r) {
    return num(r) + "×";
  }
}
