package dev.menagerie.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.menagerie.pipeline.Metrics.Bin;
import dev.menagerie.pipeline.Metrics.ClassFigures;
import dev.menagerie.pipeline.Metrics.Confusion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final double EPS = 1e-12;

  private static Scored scored(String key, String label, List<String> labels, Double... scores) {
    return new Scored(key, "test", label, labels, List.of(scores));
  }

  /**
   * Eight images, worked by hand:
   *
   * <pre>
   * key label predicted (conf)  correct top5  bin
   * a   cat   cat  0.95         yes     yes   9
   * b   cat   cat  0.85         yes     yes   8
   * c   cat   dog  0.63         no      yes   6
   * d   dog   dog  0.75         yes     yes   7
   * e   dog   cat  0.55         no      no    5   (dog is 6th)
   * f   owl   dog  0.62         no      no    6
   * g   owl   owl  0.92         yes     yes   9
   * h   cat   dog  0.65         no      no    6
   * </pre>
   */
  private static List<Scored> example() {
    return List.of(
        scored("a", "cat", List.of("cat", "dog"), 0.95, 0.03),
        scored("b", "cat", List.of("cat", "owl"), 0.85, 0.10),
        scored("c", "cat", List.of("dog", "cat"), 0.63, 0.30),
        scored("d", "dog", List.of("dog"), 0.75),
        scored(
            "e",
            "dog",
            List.of("cat", "owl", "yak", "elk", "cow", "dog"),
            0.55,
            0.20,
            0.10,
            0.06,
            0.05,
            0.04),
        scored("f", "owl", List.of("dog", "bat"), 0.62, 0.30),
        scored("g", "owl", List.of("owl"), 0.92),
        scored("h", "cat", List.of("dog"), 0.65));
  }

  @Test
  void example_shouldGiveAccuracyAndTop5() {
    Metrics m = Metrics.of(example());

    assertThat(m.images()).isEqualTo(8);
    assertThat(m.accuracy()).isCloseTo(4 / 8.0, offset(EPS));
    assertThat(m.top5()).isCloseTo(5 / 8.0, offset(EPS));
  }

  @Test
  void example_shouldGivePerClassPrecisionRecallAndF1() {
    Metrics m = Metrics.of(example());

    // only predicted or true labels appear: cat, dog, owl
    assertThat(m.classes()).containsOnlyKeys("cat", "dog", "owl");
    // cat: support 4, 2 right, predicted 3 times (a, b, e)
    ClassFigures cat = m.classes().get("cat");
    assertThat(cat.support()).isEqualTo(4);
    assertThat(cat.precision()).isCloseTo(2 / 3.0, offset(EPS));
    assertThat(cat.recall()).isCloseTo(0.5, offset(EPS));
    assertThat(cat.f1()).isCloseTo(4 / 7.0, offset(EPS));
    // dog: support 2, 1 right, predicted 4 times (c, d, f, h)
    ClassFigures dog = m.classes().get("dog");
    assertThat(dog.support()).isEqualTo(2);
    assertThat(dog.precision()).isCloseTo(0.25, offset(EPS));
    assertThat(dog.recall()).isCloseTo(0.5, offset(EPS));
    assertThat(dog.f1()).isCloseTo(1 / 3.0, offset(EPS));
    // owl: support 2, 1 right, predicted once
    ClassFigures owl = m.classes().get("owl");
    assertThat(owl.support()).isEqualTo(2);
    assertThat(owl.precision()).isCloseTo(1.0, offset(EPS));
    assertThat(owl.recall()).isCloseTo(0.5, offset(EPS));
    assertThat(owl.f1()).isCloseTo(2 / 3.0, offset(EPS));
    assertThat(m.supportedLabels()).containsExactly("cat", "dog", "owl");
  }

  @Test
  void example_shouldListConfusionsMostFrequentFirstThenByName() {
    Metrics m = Metrics.of(example());

    assertThat(m.confusions())
        .containsExactly(
            new Confusion("cat", "dog", 2),
            new Confusion("dog", "cat", 1),
            new Confusion("owl", "dog", 1));
  }

  @Test
  void example_shouldBinConfidenceAndComputeEce() {
    Metrics m = Metrics.of(example());

    List<Bin> bins = m.calibration();
    assertThat(bins).hasSize(10);
    for (int b = 0; b < 10; b++) {
      assertThat(bins.get(b).from()).isCloseTo(b / 10.0, offset(EPS));
      assertThat(bins.get(b).to()).isCloseTo((b + 1) / 10.0, offset(EPS));
    }
    assertThat(bins.stream().mapToInt(Bin::count).toArray())
        .containsExactly(0, 0, 0, 0, 0, 1, 3, 1, 1, 2);
    assertBin(bins.get(5), 1, 0.55, 0);
    assertBin(bins.get(6), 3, (0.63 + 0.62 + 0.65) / 3, 0);
    assertBin(bins.get(7), 1, 0.75, 1);
    assertBin(bins.get(8), 1, 0.85, 1);
    assertBin(bins.get(9), 2, (0.95 + 0.92) / 2, 1);
    assertBin(bins.get(0), 0, 0, 0);
    // 1/8*0.55 + 3/8*0.6333.. + 1/8*0.25 + 1/8*0.15 + 2/8*0.065
    assertThat(m.ece()).isCloseTo(0.3725, offset(1e-9));
  }

  private static void assertBin(Bin bin, int count, double confidence, double accuracy) {
    assertThat(bin.count()).isEqualTo(count);
    assertThat(bin.confidence()).isCloseTo(confidence, offset(1e-9));
    assertThat(bin.accuracy()).isCloseTo(accuracy, offset(EPS));
  }

  @Test
  void confidenceOfOneOrZero_shouldLandInTheEdgeBins() {
    Metrics m =
        Metrics.of(
            List.of(
                scored("a", "cat", List.of("cat"), 1.0), scored("b", "cat", List.of("dog"), 0.0)));

    assertThat(m.calibration().get(9).count()).isEqualTo(1);
    assertThat(m.calibration().get(9).accuracy()).isEqualTo(1.0);
    assertThat(m.calibration().get(0).count()).isEqualTo(1);
    assertThat(m.calibration().get(0).accuracy()).isEqualTo(0.0);
    // both perfectly calibrated
    assertThat(m.ece()).isCloseTo(0, offset(EPS));
  }

  @Test
  void perfectModel_shouldHaveOnesAndNoConfusion() {
    Metrics m =
        Metrics.of(
            List.of(
                scored("a", "cat", List.of("cat"), 0.9), scored("b", "dog", List.of("dog"), 0.9)));

    assertThat(m.accuracy()).isEqualTo(1.0);
    assertThat(m.top5()).isEqualTo(1.0);
    assertThat(m.confusions()).isEmpty();
    assertThat(m.classes().values())
        .allSatisfy(
            f -> {
              assertThat(f.precision()).isEqualTo(1.0);
              assertThat(f.recall()).isEqualTo(1.0);
              assertThat(f.f1()).isEqualTo(1.0);
            });
    // all in bin 9 with confidence 0.9 and accuracy 1
    assertThat(m.ece()).isCloseTo(0.1, offset(1e-9));
  }

  @Test
  void labelOnlyPredicted_shouldHaveNoSupportAndNotCountAsSupported() {
    Metrics m = Metrics.of(List.of(scored("a", "cat", List.of("yak", "cat"), 0.7, 0.2)));

    assertThat(m.classes().get("yak")).isEqualTo(new ClassFigures(0, 0, 0, 0));
    assertThat(m.classes().get("cat")).isEqualTo(new ClassFigures(1, 0, 0, 0));
    assertThat(m.supportedLabels()).containsExactly("cat");
    assertThat(m.top5()).isEqualTo(1.0);
  }

  @Test
  void manyConfusionPairs_shouldKeepTheTwentyMostFrequent() {
    // 25 pairs a0->p .. a24->p; pair i occurs i+1 times
    List<Scored> scored = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      for (int k = 0; k <= i; k++) {
        scored.add(scored("k" + i + "-" + k, "a" + i, List.of("p"), 0.5));
      }
    }

    Metrics m = Metrics.of(scored);

    assertThat(m.confusions()).hasSize(20);
    assertThat(m.confusions().get(0)).isEqualTo(new Confusion("a24", "p", 25));
    assertThat(m.confusions().get(19)).isEqualTo(new Confusion("a5", "p", 6));
  }

  @Test
  void noImages_shouldGiveZeros() {
    Metrics m = Metrics.of(List.of());

    assertThat(m.images()).isZero();
    assertThat(m.accuracy()).isZero();
    assertThat(m.top5()).isZero();
    assertThat(m.ece()).isZero();
    assertThat(m.classes()).isEmpty();
    assertThat(m.confusions()).isEmpty();
    assertThat(m.calibration()).hasSize(10).allSatisfy(b -> assertThat(b.count()).isZero());
    assertThat(m.supportedLabels()).isEmpty();
  }
}
