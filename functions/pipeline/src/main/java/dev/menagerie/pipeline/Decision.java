package dev.menagerie.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.menagerie.common.store.DecisionSummary;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The decide step: compares the candidate with production and applies {@link DecisionPolicy}.
 * {@code figures} holds everything measured, for {@code evaluation.json} and the decision's
 * summary: per set and model the {@link Metrics}, the paired comparison on the common classes, the
 * new classes' figures.
 */
public record Decision(Outcome outcome, List<String> reasons, Figures figures) {

  /** What happens to the candidate. */
  public enum Outcome {
    PROMOTE,
    REJECT,
    THROW_AWAY
  }

  /**
   * Everything the decision measured. {@code sets}: per set, per model ({@code candidate}, {@code
   * production}) the {@link Metrics}; {@code decidedOn}: {@code benchmarks} or {@code test}; the
   * class lists and the new classes' metrics when there is a production model; {@code comparison}
   * when both models were compared.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Figures(
      Map<String, Map<String, Metrics>> sets,
      String decidedOn,
      double candidateAccuracyOnKnownClasses,
      List<String> newClasses,
      Metrics newClassMetrics,
      List<String> droppedClasses,
      DecisionSummary.Comparison comparison) {

    Figures withComparison(DecisionSummary.Comparison newComparison) {
      return new Figures(
          sets,
          decidedOn,
          candidateAccuracyOnKnownClasses,
          newClasses,
          newClassMetrics,
          droppedClasses,
          newComparison);
    }
  }

  /** The set name of the held-out test split (benchmark sets use their own names). */
  public static final String TEST_SET = "test";

  /**
   * Decides. {@code candidate} and {@code production} are the two models' scores on the same images
   * (production empty when there is no production model).
   */
  public static Decision decide(
      boolean throwAway,
      List<String> candidateLabels,
      List<Scored> candidate,
      Optional<List<String>> productionLabels,
      List<Scored> production,
      DecisionPolicy policy) {
    Set<String> sets = new TreeSet<>();
    candidate.forEach(s -> sets.add(s.set()));
    Map<String, Map<String, Metrics>> perSet = new LinkedHashMap<>();
    for (String set : sets) {
      Map<String, Metrics> models = new LinkedHashMap<>();
      models.put("candidate", Metrics.of(inSet(candidate, set)));
      if (productionLabels.isPresent()) {
        models.put("production", Metrics.of(inSet(production, set)));
      }
      perSet.put(set, models);
    }

    boolean hasBenchmarks = sets.stream().anyMatch(s -> !s.equals(TEST_SET));
    String basis = hasBenchmarks ? "the benchmark sets" : "the test split (no benchmark sets)";
    List<Scored> decisionCandidate =
        candidate.stream().filter(s -> hasBenchmarks != s.set().equals(TEST_SET)).toList();
    List<Scored> decisionProduction =
        production.stream().filter(s -> hasBenchmarks != s.set().equals(TEST_SET)).toList();

    Set<String> known = new TreeSet<>(candidateLabels);
    Metrics own =
        Metrics.of(decisionCandidate.stream().filter(s -> known.contains(s.label())).toList());

    List<String> reasons = new ArrayList<>();
    Set<String> common = new TreeSet<>(known);
    productionLabels.ifPresent(common::retainAll);
    Figures figures =
        new Figures(
            perSet,
            hasBenchmarks ? "benchmarks" : TEST_SET,
            own.accuracy(),
            null,
            null,
            null,
            null);
    if (productionLabels.isPresent()) {
      Set<String> added = new TreeSet<>(known);
      added.removeAll(productionLabels.get());
      Set<String> dropped = new TreeSet<>(productionLabels.get());
      dropped.removeAll(known);
      figures =
          new Figures(
              perSet,
              figures.decidedOn(),
              own.accuracy(),
              List.copyOf(added),
              Metrics.of(
                  decisionCandidate.stream().filter(s -> added.contains(s.label())).toList()),
              List.copyOf(dropped),
              null);
    }

    if (throwAway) {
      reasons.add("a throw-away run is never promoted; its model identifies the inbox instead");
      return new Decision(Outcome.THROW_AWAY, reasons, figures);
    }

    if (productionLabels.isEmpty() || common.isEmpty() || own.images() == 0) {
      if (own.images() == 0) {
        reasons.add("no evaluation image of a class the candidate knows: nothing to judge it on");
        return new Decision(Outcome.REJECT, reasons, figures);
      }
      reasons.add(
          productionLabels.isEmpty()
              ? "no production model: the first model is judged by its own accuracy"
              : "production shares no class with the candidate: judged by its own accuracy");
      boolean ok = own.accuracy() >= policy.minimumAccuracy();
      reasons.add(
          String.format(
              Locale.ROOT,
              "accuracy %.4f on %d images of %s %s the minimum %.4f",
              own.accuracy(),
              own.images(),
              basis,
              ok ? "meets" : "is below",
              policy.minimumAccuracy()));
      return new Decision(ok ? Outcome.PROMOTE : Outcome.REJECT, reasons, figures);
    }

    // paired comparison on the images of the classes both models know
    Map<String, Scored> productionByImage = new HashMap<>();
    decisionProduction.forEach(s -> productionByImage.put(s.set() + "\u0000" + s.key(), s));
    List<Scored> pairedCandidate = new ArrayList<>();
    List<Scored> pairedProduction = new ArrayList<>();
    int b = 0;
    int c = 0;
    for (Scored s : decisionCandidate) {
      Scored p = productionByImage.get(s.set() + "\u0000" + s.key());
      if (p == null || !common.contains(s.label())) {
        continue;
      }
      pairedCandidate.add(s);
      pairedProduction.add(p);
      if (s.correct() && !p.correct()) {
        b++;
      } else if (!s.correct() && p.correct()) {
        c++;
      }
    }
    Metrics cand = Metrics.of(pairedCandidate);
    Metrics prod = Metrics.of(pairedProduction);
    double p = McNemar.pValue(b, c);
    DecisionSummary.Comparison comparison =
        new DecisionSummary.Comparison(
            List.copyOf(common), cand.images(), cand.accuracy(), prod.accuracy(), b, c, p, null);
    if (cand.images() == 0) {
      reasons.add("no evaluation image of a class both models know: nothing to compare");
      return new Decision(Outcome.REJECT, reasons, figures.withComparison(comparison));
    }

    boolean promote = true;
    double delta = cand.accuracy() - prod.accuracy();
    boolean beats = delta >= policy.margin();
    promote &= beats;
    reasons.add(
        String.format(
            Locale.ROOT,
            "on %s (%d images of %d common classes) accuracy %.4f vs production %.4f: %+.4f, %s"
                + " the margin %.4f",
            basis,
            cand.images(),
            common.size(),
            cand.accuracy(),
            prod.accuracy(),
            delta,
            beats ? "meets" : "misses",
            policy.margin()));
    List<String> regressed = new ArrayList<>();
    cand.classes()
        .forEach(
            (label, figs) -> {
              Metrics.ClassFigures before = prod.classes().get(label);
              if (figs.support() >= policy.minClassSupport()
                  && before != null
                  && before.recall() - figs.recall() > policy.maxClassRegression()) {
                regressed.add(
                    String.format(
                        Locale.ROOT, "%s %.3f -> %.3f", label, before.recall(), figs.recall()));
              }
            });
    figures =
        figures.withComparison(
            new DecisionSummary.Comparison(
                comparison.commonClasses(),
                comparison.images(),
                comparison.candidateAccuracy(),
                comparison.productionAccuracy(),
                b,
                c,
                p,
                List.copyOf(regressed)));
    if (regressed.isEmpty()) {
      reasons.add(
          String.format(
              Locale.ROOT, "no class loses more than %.3f recall", policy.maxClassRegression()));
    } else {
      promote = false;
      reasons.add(
          String.format(
              Locale.ROOT,
              "classes regress by more than %.3f recall: %s",
              policy.maxClassRegression(),
              String.join(", ", regressed)));
    }
    boolean significant = p < policy.significance() && b > c;
    promote &= significant;
    reasons.add(
        String.format(
            Locale.ROOT,
            "McNemar: candidate alone right on %d, production alone on %d, p = %.4g: %s at %.3g",
            b,
            c,
            p,
            significant ? "significant" : "not significant",
            policy.significance()));
    return new Decision(promote ? Outcome.PROMOTE : Outcome.REJECT, reasons, figures);
  }

  private static List<Scored> inSet(Collection<Scored> scored, String set) {
    return scored.stream().filter(s -> s.set().equals(set)).toList();
  }
}
