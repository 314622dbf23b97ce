package dev.menagerie.common.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LibraryStatisticsTest {
  private static final LibraryStatistics STATS =
      LibraryStatistics.of(
          List.of(
              "antelope/a1.jpg",
              "antelope/a2.JPG",
              "antelope/staged/a3.jpg",
              "gazelle/g1.png",
              "gazelle/synthetic/g2.jpg",
              "gazelle/synthetic/deep/g3.jpg",
              "gazelle/staged/g4.jpg",
              "zebra/field/z1.jpg",
              "_meta/images.jsonl",
              "zebra/notes.txt",
              "zebra/",
              "zebra/.hidden.jpg",
              "zebra/z2.webp",
              "zebra/z3.tiff",
              "loose.jpg"));

  @Test
  void listing_shouldCountEachClassByOrigin() {
    assertThat(STATS.classes()).containsOnlyKeys("antelope", "gazelle", "zebra");
    assertThat(STATS.get("antelope").orElseThrow())
        .isEqualTo(new LibraryStatistics.ClassCounts("antelope", 2, 1, 0));
    assertThat(STATS.get("gazelle").orElseThrow())
        .isEqualTo(new LibraryStatistics.ClassCounts("gazelle", 1, 1, 2));
    // a subfolder other than staged/synthetic is still real
    assertThat(STATS.get("zebra").orElseThrow().real()).isEqualTo(1);
  }

  @Test
  void filesTheDecoderCannotRead_shouldBeSkippedWithTheirReasons() {
    // webp and tiff are not counted (training could not read them); hidden and _meta keys and
    // folder markers are not library content and are not listed
    assertThat(STATS.skipped())
        .extracting(LibraryCatalog.Skipped::key)
        .containsExactly("loose.jpg", "zebra/notes.txt", "zebra/z2.webp", "zebra/z3.tiff");
    assertThat(STATS.skipped().get(2).reason())
        .startsWith("WEBP is a format the image decoder does not read")
        .contains(".jpg, .jpeg, .png, .gif, .bmp");
  }

  @Test
  void cutoff_shouldSplitBelowAndJustAbove() {
    assertThat(STATS.below(3))
        .extracting(LibraryStatistics.ClassCounts::label)
        .containsExactly("zebra");
    assertThat(STATS.justAbove(3, 0.3))
        .extracting(LibraryStatistics.ClassCounts::label)
        .containsExactly("antelope");
    assertThat(STATS.below(5))
        .extracting(LibraryStatistics.ClassCounts::label)
        .containsExactly("zebra", "antelope", "gazelle");
  }

  @Test
  void nonRealShare_shouldFindSyntheticHeavyClasses() {
    assertThat(STATS.mostlyNonReal(0.5))
        .extracting(LibraryStatistics.ClassCounts::label)
        .containsExactly("gazelle");
  }
}
