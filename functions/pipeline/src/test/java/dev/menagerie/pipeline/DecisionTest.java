package dev.menagerie.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.menagerie.common.store.DecisionSummary;
import dev.menagerie.pipeline.Decision.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionTest {
  private static final List<String> CAT_DOG = List.of("cat", "dog");

  /** Paired scores of the candidate and production on the same images. */
  private static final class Scores {
    final List<Scored> candidate = new ArrayList<>();
    final List<Scored> production = new ArrayList<>();
    private int next;

    /**
     * Images of {@code label} in {@code set}: right by both, candidate only, production only,
     * neither.
     */
    Scores add(
        String set, String label, int both, int candidateOnly, int productionOnly, int neither) {
      add(set, label, both, true, true);
      add(set, label, candidateOnly, true, false);
      add(set, label, productionOnly, false, true);
      add(set, label, neither, false, false);
      return this;
    }

    /** Images only the candidate is scored on (production has no such class). */
    Scores candidateOnly(String set, String label, int right, int wrong) {
      for (int i = 0; i < right + wrong; i++) {
        candidate.add(scored(set, label + "-" + next++, label, i < right));
      }
      return this;
    }

    private void add(String set, String label, int count, boolean candRight, boolean prodRight) {
      for (int i = 0; i < count; i++) {
        // keys repeat across sets on purpose: pairing must go by set and key
        String key = label + "-" + next++;
        candidate.add(scored(set, key, label, candRight));
        production.add(scored(set, key, label, prodRight));
      }
    }
  }

  private static Scored scored(String set, String key, String label, boolean right) {
    return new Scored(
        key,
        set,
        label,
        List.of(right ? label : "other", right ? "other" : label),
        List.of(0.8, 0.1));
  }

  private static Decision withProduction(Scores s, DecisionPolicy policy) {
    return Decision.decide(false, CAT_DOG, s.candidate, Optional.of(CAT_DOG), s.production, policy);
  }

  private static DecisionSummary.Comparison comparison(Decision d) {
    return d.figures().comparison();
  }

  /** cat and dog, each 10 both right, 6 candidate only, 1 production only, 3 neither. */
  private static Scores clearWin(String set) {
    return new Scores().add(set, "cat", 10, 6, 1, 3).add(set, "dog", 10, 6, 1, 3);
  }

  @Test
  void throwAwayRun_shouldNeverBePromoted() {
    Scores s = clearWin("test");

    Decision d =
        Decision.decide(
            true, CAT_DOG, s.candidate, Optional.of(CAT_DOG), s.production, DecisionPolicy.DEFAULT);
    Decision first =
        Decision.decide(
            true, CAT_DOG, s.candidate, Optional.empty(), List.of(), DecisionPolicy.DEFAULT);

    assertThat(d.outcome()).isEqualTo(Outcome.THROW_AWAY);
    assertThat(first.outcome()).isEqualTo(Outcome.THROW_AWAY);
    assertThat(d.reasons()).anyMatch(r -> r.contains("throw-away"));
  }

  @Test
  void firstModel_meetingTheMinimumAccuracy_shouldBePromoted() {
    // 6 of 10 right on known classes (0.6 = the default minimum); 5 owl images it does not know
    Scores s = new Scores().candidateOnly("test", "cat", 3, 2).candidateOnly("test", "dog", 3, 2);
    s.candidateOnly("test", "owl", 0, 5);

    Decision d =
        Decision.decide(
            false, CAT_DOG, s.candidate, Optional.empty(), List.of(), DecisionPolicy.DEFAULT);

    assertThat(d.outcome()).isEqualTo(Outcome.PROMOTE);
    assertThat(d.figures().candidateAccuracyOnKnownClasses()).isCloseTo(0.6, offset(1e-12));
    assertThat(d.reasons()).anyMatch(r -> r.contains("no production model"));
    assertThat(d.reasons()).anyMatch(r -> r.contains("meets the minimum"));
    assertThat(d.figures().comparison()).isNull();
    assertThat(d.figures().newClasses()).isNull();
  }

  @Test
  void firstModel_belowTheMinimumAccuracy_shouldBeRejected() {
    // 5 of 10
    Scores s = new Scores().candidateOnly("test", "cat", 3, 2).candidateOnly("test", "dog", 2, 3);

    Decision d =
        Decision.decide(
            false, CAT_DOG, s.candidate, Optional.empty(), List.of(), DecisionPolicy.DEFAULT);

    assertThat(d.outcome()).isEqualTo(Outcome.REJECT);
    assertThat(d.figures().candidateAccuracyOnKnownClasses()).isCloseTo(0.5, offset(1e-12));
    assertThat(d.reasons()).anyMatch(r -> r.contains("is below the minimum"));
  }

  @Test
  void productionSharingNoClass_shouldBeJudgedByOwnAccuracy() {
    Scores good =
        new Scores().candidateOnly("test", "cat", 4, 1).candidateOnly("test", "dog", 4, 1);
    Scores bad = new Scores().candidateOnly("test", "cat", 1, 4).candidateOnly("test", "dog", 4, 1);
    Optional<List<String>> other = Optional.of(List.of("eel", "yak"));

    Decision promoted =
        Decision.decide(false, CAT_DOG, good.candidate, other, List.of(), DecisionPolicy.DEFAULT);
    Decision rejected =
        Decision.decide(false, CAT_DOG, bad.candidate, other, List.of(), DecisionPolicy.DEFAULT);

    assertThat(promoted.outcome()).isEqualTo(Outcome.PROMOTE);
    assertThat(rejected.outcome()).isEqualTo(Outcome.REJECT);
    assertThat(promoted.reasons()).anyMatch(r -> r.contains("shares no class"));
    assertThat(promoted.figures().newClasses()).isEqualTo(List.of("cat", "dog"));
    assertThat(promoted.figures().droppedClasses()).isEqualTo(List.of("eel", "yak"));
  }

  @Test
  void noImageOfAKnownClass_shouldBeRejected() {
    Scores s = new Scores().candidateOnly("test", "owl", 5, 0);

    Decision d =
        Decision.decide(
            false, CAT_DOG, s.candidate, Optional.empty(), List.of(), DecisionPolicy.DEFAULT);

    assertThat(d.outcome()).isEqualTo(Outcome.REJECT);
    assertThat(d.reasons()).anyMatch(r -> r.contains("nothing to judge"));
  }

  @Test
  void clearWin_shouldBePromotedWithTheComparisonFigures() {
    // candidate 32/40 = 0.8, production 22/40 = 0.55, b = 12, c = 2
    Decision d = withProduction(clearWin("test"), DecisionPolicy.DEFAULT);

    assertThat(d.outcome()).isEqualTo(Outcome.PROMOTE);
    DecisionSummary.Comparison c = comparison(d);
    assertThat(c.commonClasses()).isEqualTo(CAT_DOG);
    assertThat(c.images()).isEqualTo(40);
    assertThat(c.candidateAccuracy()).isCloseTo(0.8, offset(1e-12));
    assertThat(c.productionAccuracy()).isCloseTo(0.55, offset(1e-12));
    assertThat(c.candidateOnlyCorrect()).isEqualTo(12);
    assertThat(c.productionOnlyCorrect()).isEqualTo(2);
    // 2 * (1 + 14 + 91) / 2^14
    assertThat(c.mcnemarP()).isCloseTo(212.0 / 16384, offset(1e-12));
    assertThat(c.regressedClasses()).isEqualTo(List.of());
    assertThat(d.figures().decidedOn()).isEqualTo("test");
    assertThat(d.figures().newClasses()).isEqualTo(List.of());
    assertThat(d.reasons())
        .anyMatch(r -> r.contains("meets the margin"))
        .anyMatch(r -> r.contains("no class loses"))
        .anyMatch(r -> r.contains(": significant"));
  }

  @Test
  void marginMissed_shouldBeRejected() {
    // accuracy gain is 0.25
    DecisionPolicy policy = new DecisionPolicy(0.30, 0.10, 0.05, 0.60, 5);

    Decision d = withProduction(clearWin("test"), policy);

    assertThat(d.outcome()).isEqualTo(Outcome.REJECT);
    assertThat(d.reasons()).anyMatch(r -> r.contains("misses the margin"));
    assertThat(d.reasons()).noneMatch(r -> r.contains("regress by more"));
    assertThat(d.reasons()).noneMatch(r -> r.contains("not significant"));
  }

  @Test
  void classRegression_shouldBeRejected() {
    // cat: candidate 20/20, production 5/20; dog: candidate 10/20, production 14/20 (-0.2 recall)
    Scores s = new Scores().add("test", "cat", 5, 15, 0, 0).add("test", "dog", 10, 0, 4, 6);

    Decision d = withProduction(s, DecisionPolicy.DEFAULT);

    assertThat(d.outcome()).isEqualTo(Outcome.REJECT);
    assertThat(comparison(d).regressedClasses()).isEqualTo(List.of("dog 0.700 -> 0.500"));
    assertThat(d.reasons()).anyMatch(r -> r.contains("regress by more than 0.100 recall: dog"));
    // accuracy 0.75 vs 0.475, b = 15, c = 4, p = 2 * 5036 / 2^19: those pass
    assertThat(d.reasons()).anyMatch(r -> r.contains("meets the margin"));
    assertThat(comparison(d).mcnemarP()).isCloseTo(10072.0 / 524288, offset(1e-12));
    assertThat(d.reasons()).anyMatch(r -> r.contains(": significant"));
  }

  @Test
  void regressionOfAClassWithTooFewImages_shouldBeIgnored() {
    // same as above but the policy only looks at classes with 21 or more images
    Scores s = new Scores().add("test", "cat", 5, 15, 0, 0).add("test", "dog", 10, 0, 4, 6);
    DecisionPolicy policy = new DecisionPolicy(0.01, 0.10, 0.05, 0.60, 21);

    Decision d = withProduction(s, policy);

    assertThat(d.outcome()).isEqualTo(Outcome.PROMOTE);
    assertThat(comparison(d).regressedClasses()).isEqualTo(List.of());
  }

  @Test
  void smallRegressionWithinTheLimit_shouldBeAllowed() {
    // dog 14/20 -> 13/20: 0.05 recall lost, limit 0.10
    Scores s = new Scores().add("test", "cat", 5, 15, 0, 0).add("test", "dog", 13, 0, 1, 6);

    Decision d = withProduction(s, DecisionPolicy.DEFAULT);

    assertThat(d.outcome()).isEqualTo(Outcome.PROMOTE);
  }

  @Test
  void insignificantGain_shouldBeRejected() {
    // b = 3, c = 0: p = 2 / 8 = 0.25; accuracy gain 3/40 = 0.075 meets the margin
    Scores s = new Scores().add("test", "cat", 18, 2, 0, 0).add("test", "dog", 18, 1, 0, 1);

    Decision d = withProduction(s, DecisionPolicy.DEFAULT);

    assertThat(d.outcome()).isEqualTo(Outcome.REJECT);
    assertThat(comparison(d).mcnemarP()).isCloseTo(0.25, offset(1e-12));
    assertThat(d.reasons()).anyMatch(r -> r.contains("meets the margin"));
    assertThat(d.reasons()).anyMatch(r -> r.contains("not significant"));
  }

  @Test
  void significantDifferenceInProductionsFavour_shouldBeRejected() {
    // b = 2, c = 12 (p = 0.0129); a lax policy lets margin and regression pass
    Scores s = new Scores().add("test", "cat", 10, 1, 6, 3).add("test", "dog", 10, 1, 6, 3);
    DecisionPolicy lax = new DecisionPolicy(-1, 1, 0.05, 0, 5);

    Decision d = withProduction(s, lax);

    assertThat(d.outcome()).isEqualTo(Outcome.REJECT);
    assertThat(comparison(d).mcnemarP()).isCloseTo(212.0 / 16384, offset(1e-12));
    assertThat(d.reasons()).anyMatch(r -> r.contains("meets the margin"));
    assertThat(d.reasons()).anyMatch(r -> r.contains("no class loses"));
    assertThat(d.reasons()).anyMatch(r -> r.contains("not significant"));
  }

  @Test
  void everyFailingRule_shouldGiveItsReason() {
    // cat 10/20 both; dog 14/20 -> 10/20 (-0.2); accuracy 0.5 vs 0.6; b = 2, c = 6
    Scores s = new Scores().add("test", "cat", 8, 2, 2, 8).add("test", "dog", 10, 0, 4, 6);

    Decision d = withProduction(s, DecisionPolicy.DEFAULT);

    assertThat(d.outcome()).isEqualTo(Outcome.REJECT);
    assertThat(d.reasons())
        .anyMatch(r -> r.contains("misses the margin"))
        .anyMatch(r -> r.contains("regress by more than 0.100 recall: dog 0.700 -> 0.500"))
        .anyMatch(r -> r.contains("not significant"));
  }

  @Test
  void benchmarkSets_shouldDecideWhenPresent() {
    // the test split says reject (candidate much worse), the benchmarks say promote
    Scores s = new Scores().add("test", "cat", 2, 0, 8, 0).add("test", "dog", 2, 0, 8, 0);
    s.add("zoo", "cat", 10, 6, 1, 3).add("field", "dog", 10, 6, 1, 3);

    Decision d = withProduction(s, DecisionPolicy.DEFAULT);

    assertThat(d.outcome()).isEqualTo(Outcome.PROMOTE);
    assertThat(d.figures().decidedOn()).isEqualTo("benchmarks");
    assertThat(comparison(d).images()).isEqualTo(40);
    assertThat(comparison(d).candidateOnlyCorrect()).isEqualTo(12);
    assertThat(comparison(d).productionOnlyCorrect()).isEqualTo(2);
    assertThat(d.reasons()).anyMatch(r -> r.contains("the benchmark sets"));
    Map<String, Map<String, Metrics>> sets = d.figures().sets();
    assertThat(sets).containsOnlyKeys("field", "test", "zoo");
    assertThat(sets.get("test").get("candidate").accuracy()).isCloseTo(0.2, offset(1e-12));
    assertThat(sets.get("test").get("production").accuracy()).isCloseTo(1.0, offset(1e-12));
    assertThat(sets.get("zoo").get("candidate").images()).isEqualTo(20);
  }

  @Test
  void benchmarkSetsSayingReject_shouldWinOverAGoodTestSplit() {
    Scores s = clearWin("test");
    s.add("zoo", "cat", 2, 0, 8, 0).add("zoo", "dog", 2, 0, 8, 0);

    Decision d = withProduction(s, DecisionPolicy.DEFAULT);

    assertThat(d.outcome()).isEqualTo(Outcome.REJECT);
    assertThat(comparison(d).images()).isEqualTo(20);
  }

  @Test
  void firstModel_withBenchmarks_shouldBeJudgedOnTheBenchmarks() {
    // perfect on the test split, 2 of 10 on the benchmark
    Scores s = new Scores().candidateOnly("test", "cat", 10, 0).candidateOnly("zoo", "cat", 2, 8);

    Decision d =
        Decision.decide(
            false, CAT_DOG, s.candidate, Optional.empty(), List.of(), DecisionPolicy.DEFAULT);

    assertThat(d.outcome()).isEqualTo(Outcome.REJECT);
    assertThat(d.figures().candidateAccuracyOnKnownClasses()).isCloseTo(0.2, offset(1e-12));
  }

  @Test
  void newClasses_shouldBeReportedAndLeftOutOfTheComparison() {
    // candidate knows owl too; production knows yak, which the candidate dropped
    Scores s = clearWin("test");
    s.candidateOnly("test", "owl", 1, 3);

    Decision d =
        Decision.decide(
            false,
            List.of("cat", "dog", "owl"),
            s.candidate,
            Optional.of(List.of("cat", "dog", "yak")),
            s.production,
            DecisionPolicy.DEFAULT);

    assertThat(d.outcome()).isEqualTo(Outcome.PROMOTE);
    assertThat(d.figures().newClasses()).isEqualTo(List.of("owl"));
    assertThat(d.figures().droppedClasses()).isEqualTo(List.of("yak"));
    Metrics owl = d.figures().newClassMetrics();
    assertThat(owl.images()).isEqualTo(4);
    assertThat(owl.accuracy()).isCloseTo(0.25, offset(1e-12));
    assertThat(comparison(d).commonClasses()).isEqualTo(CAT_DOG);
    assertThat(comparison(d).images()).isEqualTo(40);
    // own accuracy covers all known classes: (32 + 1) / 44
    assertThat(d.figures().candidateAccuracyOnKnownClasses()).isCloseTo(33.0 / 44, offset(1e-12));
  }
}
