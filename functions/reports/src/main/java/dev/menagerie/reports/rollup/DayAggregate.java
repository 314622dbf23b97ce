package dev.menagerie.reports.rollup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.common.store.Transaction;
import dev.menagerie.reports.evaluation.Evaluation;
import dev.menagerie.reports.evaluation.Verdict;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one day did under one model version: request counts by status, label, caller and confidence
 * band; the latency histogram and sum (for percentiles and cost); and the evaluation tallies
 * (verdicts, per confidence band for calibration, per class, confusion pairs). Aggregates of
 * several days or versions {@link #merge merge} by adding, so reports never re-read transactions.
 */
public final class DayAggregate {
  private static final ObjectMapper JSON = new ObjectMapper();

  long requests;
  long errors;
  long latencySumMs;
  final Map<String, Long> byStatus = new TreeMap<>();
  final Map<String, Long> byLabel = new TreeMap<>();
  final Map<String, Long> byCaller = new TreeMap<>();
  final Map<String, Long> byBand = new TreeMap<>();
  LatencyHistogram latency = new LatencyHistogram();

  long correct;
  long incorrect;
  long unusable;

  /** band -> [judged, correct, confidence sum x 1e6] */
  final Map<String, long[]> reliability = new TreeMap<>();

  /** label -> [true positives, predicted, actual] among judged evaluations */
  final Map<String, long[]> classes = new TreeMap<>();

  /** "actual|predicted" -> count, for wrong predictions */
  final Map<String, Long> confusions = new TreeMap<>();

  public void add(Transaction t) {
    requests++;
    if (t.status() >= 400) {
      errors++;
    }
    latencySumMs += t.latencyMs();
    latency.add(t.latencyMs());
    byStatus.merge(Integer.toString(t.status()), 1L, Long::sum);
    byCaller.merge(t.caller(), 1L, Long::sum);
    t.top()
        .ifPresent(
            p -> {
              byLabel.merge(p.label(), 1L, Long::sum);
              byBand.merge(ConfidenceBand.of(p.confidence()), 1L, Long::sum);
            });
  }

  public void add(Evaluation e) {
    if (e.verdict() == Verdict.UNUSABLE) {
      unusable++;
      return;
    }
    boolean right = e.verdict() == Verdict.CORRECT;
    if (right) {
      correct++;
    } else {
      incorrect++;
    }
    long[] band = reliability.computeIfAbsent(ConfidenceBand.of(e.confidence()), k -> new long[3]);
    band[0]++;
    band[1] += right ? 1 : 0;
    band[2] += Math.round(e.confidence() * 1e6);
    String actual = e.actualLabel().orElse(e.predictedLabel());
    String predicted = e.predictedLabel();
    classes.computeIfAbsent(predicted, k -> new long[3])[1]++;
    classes.computeIfAbsent(actual, k -> new long[3])[2]++;
    if (actual.equals(predicted)) {
      classes.get(predicted)[0]++;
    } else {
      confusions.merge(actual + "|" + predicted, 1L, Long::sum);
    }
  }

  public void merge(DayAggregate o) {
    requests += o.requests;
    errors += o.errors;
    latencySumMs += o.latencySumMs;
    mergeCounts(byStatus, o.byStatus);
    mergeCounts(byLabel, o.byLabel);
    mergeCounts(byCaller, o.byCaller);
    mergeCounts(byBand, o.byBand);
    latency.merge(o.latency);
    correct += o.correct;
    incorrect += o.incorrect;
    unusable += o.unusable;
    mergeTallies(reliability, o.reliability);
    mergeTallies(classes, o.classes);
    mergeCounts(confusions, o.confusions);
  }

  private static void mergeCounts(Map<String, Long> into, Map<String, Long> from) {
    from.forEach((k, v) -> into.merge(k, v, Long::sum));
  }

  private static void mergeTallies(Map<String, long[]> into, Map<String, long[]> from) {
    from.forEach(
        (k, v) -> {
          long[] t = into.computeIfAbsent(k, x -> new long[v.length]);
          for (int i = 0; i < v.length; i++) {
            t[i] += v[i];
          }
        });
  }

  public static DayAggregate of(Iterable<DayAggregate> parts) {
    DayAggregate all = new DayAggregate();
    parts.forEach(all::merge);
    return all;
  }

  // ---------------------------------------------------------------- reading

  public long requests() {
    return requests;
  }

  public long errors() {
    return errors;
  }

  public long latencySumMs() {
    return latencySumMs;
  }

  public LatencyHistogram latency() {
    return latency;
  }

  public Map<String, Long> byStatus() {
    return byStatus;
  }

  public Map<String, Long> byLabel() {
    return byLabel;
  }

  public Map<String, Long> byCaller() {
    return byCaller;
  }

  public Map<String, Long> byBand() {
    return byBand;
  }

  public long correct() {
    return correct;
  }

  public long incorrect() {
    return incorrect;
  }

  public long unusable() {
    return unusable;
  }

  /** Evaluations that judged the prediction right or wrong (unusable ones are left out). */
  public long judged() {
    return correct + incorrect;
  }

  public Map<String, long[]> reliability() {
    return reliability;
  }

  public Map<String, long[]> classes() {
    return classes;
  }

  public Map<String, Long> confusions() {
    return confusions;
  }

  public boolean isEmpty() {
    return requests == 0 && correct + incorrect + unusable == 0;
  }

  // ---------------------------------------------------------------- stored form

  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requests", requests);
    m.put("errors", errors);
    m.put("latencySumMs", latencySumMs);
    m.put("byStatus", byStatus);
    m.put("byLabel", byLabel);
    m.put("byCaller", byCaller);
    m.put("byBand", byBand);
    m.put("latency", latency.toMap());
    m.put("correct", correct);
    m.put("incorrect", incorrect);
    m.put("unusable", unusable);
    m.put("reliability", reliability);
    m.put("classes", classes);
    m.put("confusions", confusions);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("aggregate did not serialise", e);
    }
  }

  public static DayAggregate fromJson(String text) {
    JsonNode n;
    try {
      n = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored aggregate is not JSON", e);
    }
    DayAggregate a = new DayAggregate();
    a.requests = n.path("requests").asLong();
    a.errors = n.path("errors").asLong();
    a.latencySumMs = n.path("latencySumMs").asLong();
    readCounts(n.path("byStatus"), a.byStatus);
    readCounts(n.path("byLabel"), a.byLabel);
    readCounts(n.path("byCaller"), a.byCaller);
    readCounts(n.path("byBand"), a.byBand);
    Map<String, Long> buckets = new TreeMap<>();
    readCounts(n.path("latency"), buckets);
    a.latency = LatencyHistogram.fromMap(buckets);
    a.correct = n.path("correct").asLong();
    a.incorrect = n.path("incorrect").asLong();
    a.unusable = n.path("unusable").asLong();
    readTallies(n.path("reliability"), a.reliability);
    readTallies(n.path("classes"), a.classes);
    readCounts(n.path("confusions"), a.confusions);
    return a;
  }

  private static void readCounts(JsonNode node, Map<String, Long> into) {
    node.fields().forEachRemaining(e -> into.put(e.getKey(), e.getValue().asLong()));
  }

  private static void readTallies(JsonNode node, Map<String, long[]> into) {
    node.fields()
        .forEachRemaining(
            e -> {
              long[] t = new long[e.getValue().size()];
              for (int i = 0; i < t.length; i++) {
                t[i] = e.getValue().get(i).asLong();
              }
              into.put(e.getKey(), t);
            });
  }
}
