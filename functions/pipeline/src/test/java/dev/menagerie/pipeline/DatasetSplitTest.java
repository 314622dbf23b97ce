package dev.menagerie.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menagerie.common.library.Origin;
import dev.menagerie.pipeline.DatasetSplit.Image;
import dev.menagerie.pipeline.DatasetSplit.Plan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetSplitTest {

  private static Image image(String key, String label) {
    return new Image(key, label, Origin.REAL, false, null, null);
  }

  private static Image grouped(String key, String label, String group) {
    return new Image(key, label, Origin.REAL, false, group, null);
  }

  private static Image benchmark(String key, String label, String group, String set) {
    return new Image(key, label, Origin.REAL, false, group, set);
  }

  /** {@code count} ungrouped images of {@code label}, keys library/label/label-i.jpg. */
  private static List<Image> clazz(String label, int count) {
    List<Image> images = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      images.add(image("library/" + label + "/" + label + "-" + i + ".jpg", label));
    }
    return images;
  }

  /** Split name of every image in the three splits, by key. */
  private static Map<String, String> splitOf(Plan plan) {
    Map<String, String> where = new HashMap<>();
    plan.train().forEach(i -> assertThat(where.put(i.key(), "train")).isNull());
    plan.validation().forEach(i -> assertThat(where.put(i.key(), "validation")).isNull());
    plan.test().forEach(i -> assertThat(where.put(i.key(), "test")).isNull());
    return where;
  }

  private static long countOf(List<Image> split, String label) {
    return split.stream().filter(i -> i.label().equals(label)).count();
  }

  private static List<Image> mixedLibrary() {
    List<Image> images = new ArrayList<>();
    images.addAll(clazz("cat", 30));
    images.addAll(clazz("dog", 25));
    images.addAll(clazz("owl", 12));
    for (int g = 0; g < 6; g++) {
      for (int m = 0; m < 3; m++) {
        images.add(grouped("library/cat/dup-" + g + "-" + m + ".jpg", "cat", "cat-group-" + g));
      }
    }
    images.add(benchmark("benchmarks/zoo/cat-1.jpg", "cat", null, "zoo"));
    images.add(benchmark("benchmarks/zoo/dog-1.jpg", "dog", null, "zoo"));
    return images;
  }

  @Test
  void sameLibrary_shouldSplitTheSameWay() {
    // GIVEN / WHEN
    Plan first = DatasetSplit.plan(mixedLibrary(), 5, 0.15, 0.15);
    Plan second = DatasetSplit.plan(mixedLibrary(), 5, 0.15, 0.15);

    // THEN
    assertThat(second).isEqualTo(first);
    assertThat(first.train()).isNotEmpty();
    assertThat(first.validation()).isNotEmpty();
    assertThat(first.test()).isNotEmpty();
  }

  @Test
  void shuffledInputOrder_shouldNotChangeTheSplit() {
    // GIVEN
    Plan ordered = DatasetSplit.plan(mixedLibrary(), 5, 0.15, 0.15);
    List<Image> shuffled = mixedLibrary();
    Collections.reverse(shuffled);
    List<Image> shuffledAgain = mixedLibrary();
    Collections.shuffle(shuffledAgain, new Random(7));

    // WHEN / THEN
    assertThat(DatasetSplit.plan(shuffled, 5, 0.15, 0.15)).isEqualTo(ordered);
    assertThat(DatasetSplit.plan(shuffledAgain, 5, 0.15, 0.15)).isEqualTo(ordered);
  }

  @Test
  void everyImage_shouldBeInExactlyOneSplit() {
    // GIVEN
    List<Image> library = mixedLibrary();

    // WHEN
    Plan plan = DatasetSplit.plan(library, 5, 0.15, 0.15);

    // THEN: 30 + 25 + 12 + 18 images outside the benchmarks, each once
    Map<String, String> where = splitOf(plan);
    assertThat(where).hasSize(85);
    assertThat(plan.train().size() + plan.validation().size() + plan.test().size()).isEqualTo(85);
    assertThat(plan.train()).isSortedAccordingTo((a, b) -> a.key().compareTo(b.key()));
    assertThat(plan.test()).isSortedAccordingTo((a, b) -> a.key().compareTo(b.key()));
  }

  @Test
  void smallClasses_shouldEachHaveATestAndAValidationImage() {
    // GIVEN: classes of 3, 4, 5 and 8 images, cutoff 3
    List<Image> library = new ArrayList<>();
    library.addAll(clazz("ant", 3));
    library.addAll(clazz("bee", 4));
    library.addAll(clazz("cow", 5));
    library.addAll(clazz("elk", 8));

    // WHEN
    Plan plan = DatasetSplit.plan(library, 3, 0.1, 0.1);

    // THEN
    assertThat(plan.labels()).containsExactly("ant", "bee", "cow", "elk");
    for (String label : plan.labels()) {
      assertThat(countOf(plan.test(), label))
          .as("test images of %s", label)
          .isGreaterThanOrEqualTo(1);
      assertThat(countOf(plan.validation(), label))
          .as("validation images of %s", label)
          .isGreaterThanOrEqualTo(1);
      assertThat(countOf(plan.train(), label))
          .as("train images of %s", label)
          .isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void smallGroupedClass_shouldStillHaveATestAndAValidationUnit() {
    // GIVEN: 9 images but only 3 units (three groups of three)
    List<Image> library = new ArrayList<>();
    for (int g = 0; g < 3; g++) {
      for (int m = 0; m < 3; m++) {
        library.add(grouped("library/yak/" + g + "-" + m + ".jpg", "yak", "yak-" + g));
      }
    }

    // WHEN
    Plan plan = DatasetSplit.plan(library, 3, 0.1, 0.1);

    // THEN: one group each
    assertThat(plan.test()).hasSize(3);
    assertThat(plan.validation()).hasSize(3);
    assertThat(plan.train()).hasSize(3);
  }

  @Test
  void hundredImagesPerClass_shouldSplitRoughlyByTheFractions() {
    // GIVEN: five classes of 100; test 30 %, validation 10 %
    List<Image> library = new ArrayList<>();
    List<String> labels = List.of("ape", "bat", "cod", "doe", "eel");
    labels.forEach(l -> library.addAll(clazz(l, 100)));

    // WHEN
    Plan plan = DatasetSplit.plan(library, 40, 0.1, 0.3);

    // THEN: per class about 30 test, 10 validation, 60 train
    for (String label : labels) {
      assertThat(countOf(plan.test(), label)).as("test %s", label).isBetween(18L, 42L);
      assertThat(countOf(plan.validation(), label)).as("validation %s", label).isBetween(3L, 19L);
      assertThat(countOf(plan.train(), label)).as("train %s", label).isBetween(45L, 75L);
    }
    // over all 500 images: about 150, 50 and 300
    assertThat(plan.test().size()).isBetween(120, 180);
    assertThat(plan.validation().size()).isBetween(30, 70);
    assertThat(plan.train().size()).isBetween(260, 340);
  }

  @Test
  void duplicateGroups_shouldNeverStraddleSplits() {
    // GIVEN: 40 groups of 3 in one class plus singles
    List<Image> library = new ArrayList<>(clazz("cat", 40));
    for (int g = 0; g < 40; g++) {
      for (int m = 0; m < 3; m++) {
        library.add(grouped("library/cat/g" + g + "-" + m + ".jpg", "cat", "g" + g));
      }
    }

    // WHEN
    Plan plan = DatasetSplit.plan(library, 10, 0.15, 0.15);

    // THEN
    Map<String, String> where = splitOf(plan);
    assertThat(where).hasSize(160);
    Set<String> splitsSeen = new HashSet<>();
    for (int g = 0; g < 40; g++) {
      String first = where.get("library/cat/g" + g + "-0.jpg");
      assertThat(where.get("library/cat/g" + g + "-1.jpg")).as("group g%d", g).isEqualTo(first);
      assertThat(where.get("library/cat/g" + g + "-2.jpg")).as("group g%d", g).isEqualTo(first);
      splitsSeen.add(first);
    }
    // with 80 units and 40 groups, groups land in more than one split
    assertThat(splitsSeen).hasSizeGreaterThan(1);
  }

  @Test
  void groupSpanningTwoClasses_shouldLandInOneSplit() {
    // GIVEN: 30 groups each holding one cat and one dog image
    List<Image> library = new ArrayList<>();
    library.addAll(clazz("cat", 20));
    library.addAll(clazz("dog", 20));
    for (int g = 0; g < 30; g++) {
      library.add(grouped("library/cat/both-" + g + ".jpg", "cat", "both-" + g));
      library.add(grouped("library/dog/both-" + g + ".jpg", "dog", "both-" + g));
    }

    // WHEN
    Plan plan = DatasetSplit.plan(library, 10, 0.15, 0.15);

    // THEN
    Map<String, String> where = splitOf(plan);
    assertThat(where).hasSize(100);
    for (int g = 0; g < 30; g++) {
      assertThat(where.get("library/dog/both-" + g + ".jpg"))
          .as("group both-%d", g)
          .isEqualTo(where.get("library/cat/both-" + g + ".jpg"));
    }
  }

  @Test
  void benchmarkImagesAndTheirGroups_shouldStayOutOfAllSplits() {
    // GIVEN
    List<Image> library = new ArrayList<>();
    library.addAll(clazz("cat", 12));
    library.addAll(clazz("dog", 12));
    Image zooCat = benchmark("benchmarks/zoo/cat.jpg", "cat", "shared", "zoo");
    Image zooDog = benchmark("benchmarks/zoo/dog.jpg", "dog", null, "zoo");
    Image fieldCat = benchmark("benchmarks/field/cat.jpg", "cat", null, "field");
    Image catTwin = grouped("library/cat/twin.jpg", "cat", "shared");
    Image dogTwin = grouped("library/dog/twin.jpg", "dog", "shared");
    library.addAll(List.of(zooDog, catTwin, zooCat, fieldCat, dogTwin));

    // WHEN
    Plan plan = DatasetSplit.plan(library, 10, 0.15, 0.15);

    // THEN: benchmark sets by name, images by key
    assertThat(plan.benchmarks()).containsOnlyKeys("field", "zoo");
    assertThat(plan.benchmarks().get("zoo")).containsExactly(zooCat, zooDog);
    assertThat(plan.benchmarks().get("field")).containsExactly(fieldCat);
    Map<String, String> where = splitOf(plan);
    assertThat(where)
        .hasSize(24)
        .doesNotContainKeys(
            zooCat.key(), zooDog.key(), fieldCat.key(), catTwin.key(), dogTwin.key());
    // neither benchmark images nor their group-mates count towards the cutoff
    assertThat(plan.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("cat", 12, "dog", 12));
  }

  @Test
  void classesUnderTheCutoff_shouldBeLeftOutAndListed() {
    // GIVEN: cutoff 10
    List<Image> library = new ArrayList<>();
    library.addAll(clazz("ant", 12));
    library.addAll(clazz("bee", 10));
    library.addAll(clazz("cow", 9));
    library.addAll(clazz("doe", 5));
    library.addAll(clazz("eel", 4));
    library.addAll(clazz("fox", 7));
    library.addAll(clazz("gnu", 7));
    library.add(benchmark("benchmarks/zoo/cow.jpg", "cow", null, "zoo"));

    // WHEN
    Plan plan = DatasetSplit.plan(library, 10, 0.15, 0.15);

    // THEN
    assertThat(plan.labels()).containsExactly("ant", "bee");
    assertThat(plan.counts())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("ant", 12, "bee", 10, "cow", 9, "doe", 5, "eel", 4, "fox", 7, "gnu", 7));
    assertThat(plan.belowCutoff())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("cow", 9, "doe", 5, "eel", 4, "fox", 7, "gnu", 7));
    // at least half the cutoff (5), most images first, ties by name
    assertThat(plan.justBelowCutoff()).containsExactly("cow", "fox", "gnu", "doe");
    assertThat(splitOf(plan)).hasSize(22);
    assertThat(splitOf(plan).keySet())
        .allMatch(k -> k.startsWith("library/ant/") || k.startsWith("library/bee/"));
  }

  @Test
  void oddCutoff_shouldCountJustBelowFromHalfRoundedUp() {
    // GIVEN: cutoff 9; half is 4.5, so 5 is just below and 4 is not
    List<Image> library = new ArrayList<>();
    library.addAll(clazz("ant", 9));
    library.addAll(clazz("bee", 5));
    library.addAll(clazz("cow", 4));

    // WHEN
    Plan plan = DatasetSplit.plan(library, 9, 0.15, 0.15);

    // THEN
    assertThat(plan.labels()).containsExactly("ant");
    assertThat(plan.justBelowCutoff()).containsExactly("bee");
    assertThat(plan.belowCutoff()).containsOnlyKeys("bee", "cow");
  }

  @Test
  void addingOneImage_shouldMoveNoOtherImage() {
    // GIVEN: three classes of 100 images, some in groups
    List<Image> library = new ArrayList<>();
    List<String> labels = List.of("cat", "dog", "owl");
    labels.forEach(l -> library.addAll(clazz(l, 90)));
    for (String label : labels) {
      for (int g = 0; g < 5; g++) {
        library.add(grouped("library/" + label + "/pair-" + g + "-a.jpg", label, label + g));
        library.add(grouped("library/" + label + "/pair-" + g + "-b.jpg", label, label + g));
      }
    }
    Map<String, String> before = splitOf(DatasetSplit.plan(library, 40, 0.15, 0.15));

    for (int n = 0; n < 40; n++) {
      // WHEN: one new image (the last few join an existing group)
      List<Image> grown = new ArrayList<>(library);
      String label = labels.get(n % 3);
      Image added =
          n < 36
              ? image("library/" + label + "/new-" + n + ".jpg", label)
              : grouped("library/" + label + "/new-" + n + ".jpg", label, label + (n % 5));
      grown.add(added);
      Map<String, String> after = splitOf(DatasetSplit.plan(grown, 40, 0.15, 0.15));

      // THEN
      assertThat(after).containsKey(added.key()).hasSize(before.size() + 1);
      for (Map.Entry<String, String> e : before.entrySet()) {
        assertThat(after.get(e.getKey()))
            .as("split of %s after adding %s", e.getKey(), added.key())
            .isEqualTo(e.getValue());
      }
      if (added.group() != null) {
        assertThat(after.get(added.key()))
            .isEqualTo(before.get("library/" + label + "/pair-" + (n % 5) + "-a.jpg"));
      }
    }
  }

  @Test
  void badCutoffOrFractions_shouldBeRefused() {
    List<Image> library = clazz("cat", 10);
    assertThatThrownBy(() -> DatasetSplit.plan(library, 0, 0.15, 0.15))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cutoff");
    assertThatThrownBy(() -> DatasetSplit.plan(library, -3, 0.15, 0.15))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatasetSplit.plan(library, 5, 0, 0.15))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fractions");
    assertThatThrownBy(() -> DatasetSplit.plan(library, 5, 0.15, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatasetSplit.plan(library, 5, -0.1, 0.3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatasetSplit.plan(library, 5, 0.5, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatasetSplit.plan(library, 5, 0.7, 0.6))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatasetSplit.plan(library, 5, Double.NaN, 0.1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void imageWithoutKeyLabelOrOrigin_shouldBeRefused() {
    assertThatThrownBy(() -> new Image(null, "cat", Origin.REAL, false, null, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Image("k", null, Origin.REAL, false, null, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Image("k", "cat", null, false, null, null))
        .isInstanceOf(NullPointerException.class);
  }
}
