package dev.menagerie.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menagerie.common.library.ImageFlags;
import dev.menagerie.common.library.LabelledImage;
import dev.menagerie.common.library.LibraryCatalog;
import dev.menagerie.common.library.Origin;
import dev.menagerie.training.synth.SyntheticLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryAndSplitTest {
  @TempDir Path dir;

  @Test
  void syntheticLibrary_shouldWriteTheLibraryLayoutWithOriginsFlagsHoldoutAndUnknown()
      throws IOException {
    // GIVEN a small synthetic library
    SyntheticLibrary.Summary summary =
        SyntheticLibrary.builder()
            .setRoot(dir)
            .optClasses(List.of("circle", "ellipse", "star"))
            .optPerClass(40)
            .optHoldoutPerClass(5)
            .optUnknownCount(4)
            .optSize(64)
            .build()
            .generate();
    // WHEN it is scanned
    LibraryCatalog.Scan scan = LibraryCatalog.scanFolder(dir.resolve("library"));
    List<LabelledImage> images = scan.images();
    // THEN every image is there with its label, origins come from subfolders, flags from the
    // manifest, and the unknown class is only in DIR/unknown
    assertThat(images).hasSize(120);
    assertThat(scan.skipped()).isEmpty();
    assertThat(images).extracting(LabelledImage::label).containsOnly("circle", "ellipse", "star");
    assertThat(images).extracting(LabelledImage::origin).contains(Origin.values());
    assertThat(images)
        .filteredOn(i -> i.origin() == Origin.STAGED)
        .allMatch(i -> i.key().startsWith(i.label() + "/staged/"));
    assertThat(images.stream().filter(LabelledImage::smallSubject).count())
        .isEqualTo(summary.smallSubjects())
        .isPositive();
    assertThat(LibraryCatalog.scanFolder(dir.resolve("holdout")).images()).hasSize(15);
    try (Stream<Path> unknown = Files.list(dir.resolve("unknown"))) {
      assertThat(unknown.count()).isEqualTo(4);
    }
    assertThat(Files.exists(dir.resolve("library/" + SyntheticLibrary.UNKNOWN))).isFalse();
    assertThat(Files.exists(dir.resolve("holdout/" + SyntheticLibrary.UNKNOWN))).isFalse();
  }

  @Test
  void syntheticLibrary_shouldWriteUnlabelledImagesUnderNeutralNamesWithTheTruthBeside()
      throws IOException {
    // GIVEN a library asked for 6 unlabelled images of each of 3 classes
    SyntheticLibrary.Summary summary =
        SyntheticLibrary.builder()
            .setRoot(dir)
            .optClasses(List.of("circle", "ring", "star"))
            .optPerClass(2)
            .optHoldoutPerClass(0)
            .optUnknownCount(0)
            .optUnlabelledPerClass(6)
            .optSize(48)
            .build()
            .generate();
    // WHEN the folder and the truth file are read
    List<String> files;
    try (Stream<Path> listed = Files.list(dir.resolve("unlabelled"))) {
      files = listed.map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<String> truth =
        Files.readAllLines(dir.resolve(SyntheticLibrary.UNLABELLED_LABELS)).subList(1, 19);
    // THEN there are 18 images named unlabelled-NNNN.jpg, the truth lists each once, 6 per class,
    // and the classes are shuffled (not in blocks of one class)
    assertThat(summary.unlabelledImages()).isEqualTo(18);
    assertThat(files).hasSize(18).allMatch(f -> f.matches("unlabelled-\\d{4}\\.jpg"));
    assertThat(truth.stream().map(l -> l.split(",")[0]).sorted().toList()).isEqualTo(files);
    Map<String, Long> perClass =
        truth.stream().collect(Collectors.groupingBy(l -> l.split(",")[1], Collectors.counting()));
    assertThat(perClass)
        .containsOnly(Map.entry("circle", 6L), Map.entry("ring", 6L), Map.entry("star", 6L));
    List<String> order = truth.stream().map(l -> l.split(",")[1]).toList();
    assertThat(new HashSet<>(order.subList(0, 6))).hasSizeGreaterThan(1);
  }

  @Test
  void syntheticLibrary_shouldGiveAClassItsOwnSizeAndFileAHeavyClassMostlyStagedOrSynthetic()
      throws IOException {
    // GIVEN a library where star has 12 images and checker is synthetic-heavy
    SyntheticLibrary.Summary summary =
        SyntheticLibrary.builder()
            .setRoot(dir.resolve("shaped"))
            .optClasses(List.of("star", "checker", "ring"))
            .optPerClass(60)
            .optClassSize("star", 12)
            .optSyntheticHeavy("checker")
            .optHoldoutPerClass(10)
            .optUnknownCount(0)
            .optSize(48)
            .build()
            .generate();
    // WHEN it is scanned
    List<LabelledImage> images = LibraryCatalog.scanFolder(dir.resolve("shaped/library")).images();
    // THEN star has its own count, the others the per-class one
    assertThat(summary.libraryImages()).isEqualTo(132);
    // AND its held-out share shrinks with it (12/60 of 10)
    assertThat(summary.holdoutImages()).isEqualTo(22);
    assertThat(images.stream().filter(i -> i.label().equals("star"))).hasSize(12);
    // AND most of checker is staged or synthetic, while ring keeps about one in five
    assertThat(nonRealShare(images, "checker")).isGreaterThan(0.55);
    assertThat(nonRealShare(images, "ring")).isLessThan(0.35);
    // AND the filing does not change the pixels: checker-0005 is the same image either way
    SyntheticLibrary.builder()
        .setRoot(dir.resolve("plain"))
        .optClasses(List.of("checker"))
        .optPerClass(6)
        .optHoldoutPerClass(0)
        .optUnknownCount(0)
        .optSize(48)
        .build()
        .generate();
    assertThat(Files.readAllBytes(find(dir.resolve("shaped/library/checker"), "checker-0005.jpg")))
        .isEqualTo(
            Files.readAllBytes(find(dir.resolve("plain/library/checker"), "checker-0005.jpg")));
    // AND a size for a class not drawn is refused
    assertThatThrownBy(
            () ->
                SyntheticLibrary.builder()
                    .setRoot(dir.resolve("bad"))
                    .optClasses(List.of("ring"))
                    .optClassSize("star", 5)
                    .build())
        .hasMessageContaining("class size");
  }

  private static double nonRealShare(List<LabelledImage> images, String label) {
    List<LabelledImage> of = images.stream().filter(i -> i.label().equals(label)).toList();
    return of.stream().filter(i -> i.origin() != Origin.REAL).count() / (double) of.size();
  }

  private static Path find(Path root, String name) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
    }
  }

  @Test
  void syntheticLibrary_shouldBeDeterministicBySeed() throws IOException {
    // GIVEN two libraries with seed 5 and one with seed 6
    Path a = generate("a", 5);
    Path b = generate("b", 5);
    Path c = generate("c", 6);
    // WHEN the same file is read from each
    String file = "library/ring/ring-0003.jpg";
    // THEN the seed-5 files are identical and the seed-6 one differs
    assertThat(Files.readAllBytes(a.resolve(file))).isEqualTo(Files.readAllBytes(b.resolve(file)));
    assertThat(Files.readAllBytes(a.resolve(file)))
        .isNotEqualTo(Files.readAllBytes(c.resolve("library/ring/ring-0003.jpg")));
  }

  private Path generate(String name, long seed) throws IOException {
    Path root = dir.resolve(name);
    SyntheticLibrary.builder()
        .setRoot(root)
        .optSeed(seed)
        .optClasses(List.of("ring"))
        .optPerClass(4)
        .optHoldoutPerClass(0)
        .optUnknownCount(0)
        .optSize(48)
        .build()
        .generate();
    return root.resolve(".");
  }

  @Test
  void split_shouldBeStratifiedDeterministicAndDisjoint() throws IOException {
    // GIVEN a library of three classes with 10, 20 and 3 images
    List<LabelledImage> images = new java.util.ArrayList<>();
    Map<String, Integer> counts = Map.of("a", 10, "b", 20, "c", 3);
    counts.forEach(
        (label, n) -> {
          for (int i = 0; i < n; i++) {
            images.add(
                new LabelledImage(label + "/" + i + ".jpg", label, Origin.REAL, ImageFlags.NONE));
          }
        });
    // WHEN it is split twice, once from a shuffled list
    Split first = Split.of(images, 0.2);
    List<LabelledImage> shuffled = new java.util.ArrayList<>(images);
    java.util.Collections.shuffle(shuffled, new java.util.Random(3));
    Split second = Split.of(shuffled, 0.2);
    // THEN both splits are the same, every class is in validation in proportion, none overlaps
    assertThat(second).isEqualTo(first);
    Map<String, Long> validationCounts =
        first.validation().stream()
            .collect(Collectors.groupingBy(LabelledImage::label, Collectors.counting()));
    assertThat(validationCounts)
        .containsEntry("a", 2L)
        .containsEntry("b", 4L)
        .containsEntry("c", 1L);
    Set<String> trainKeys = new HashSet<>();
    first.train().forEach(i -> trainKeys.add(i.key()));
    assertThat(first.validation()).noneMatch(i -> trainKeys.contains(i.key()));
    assertThat(first.train().size() + first.validation().size()).isEqualTo(33);
  }
}
