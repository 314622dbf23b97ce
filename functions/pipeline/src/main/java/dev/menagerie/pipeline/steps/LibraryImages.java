package dev.menagerie.pipeline.steps;

import static dev.menagerie.pipeline.steps.RunArtifacts.BENCHMARKS;
import static dev.menagerie.pipeline.steps.RunArtifacts.LIBRARY;

import dev.menagerie.common.library.ImageFlags;
import dev.menagerie.common.library.LabelledImage;
import dev.menagerie.common.library.LibraryCatalog;
import dev.menagerie.pipeline.DatasetSplit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The images a run can split, read from the bucket by the one library rule ({@link
 * LibraryCatalog}): the library's images with their flags, then each benchmark set's, with bucket
 * keys; and the files the rule skipped, with the reason.
 */
record LibraryImages(List<DatasetSplit.Image> images, List<String> skipped) {

  /** Reads the library (with {@code flags}) and the benchmark sets. */
  static LibraryImages read(RunArtifacts artifacts, Map<String, ImageFlags> flags) {
    List<DatasetSplit.Image> images = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    LibraryCatalog.Scan library = LibraryCatalog.scan(artifacts.relativeKeys(LIBRARY), flags);
    for (LabelledImage i : library.images()) {
      images.add(
          new DatasetSplit.Image(
              LIBRARY + i.key(),
              i.label(),
              i.origin(),
              i.smallSubject(),
              i.flags().group(),
              i.flags().benchmark()));
    }
    library.skipped().forEach(s -> skipped.add(LIBRARY + s));
    Map<String, List<String>> benchmarkKeys = new TreeMap<>();
    for (String relative : artifacts.relativeKeys(BENCHMARKS)) {
      int slash = relative.indexOf('/');
      if (slash > 0) {
        benchmarkKeys
            .computeIfAbsent(relative.substring(0, slash), k -> new ArrayList<>())
            .add(relative.substring(slash + 1));
      }
    }
    benchmarkKeys.forEach(
        (set, keys) -> {
          String prefix = BENCHMARKS + set + "/";
          LibraryCatalog.Scan scan = LibraryCatalog.scan(keys, Map.of());
          scan.images()
              .forEach(
                  i ->
                      images.add(
                          new DatasetSplit.Image(
                              prefix + i.key(), i.label(), i.origin(), false, null, set)));
          scan.skipped().forEach(s -> skipped.add(prefix + s));
        });
    return new LibraryImages(images, skipped);
  }

  /** One note for the files the library rule skipped: how many, and the first few with reasons. */
  static String skippedNote(List<String> skipped) {
    int shown = Math.min(5, skipped.size());
    return "skipped "
        + skipped.size()
        + " file(s) that are not images the training job can read: "
        + String.join("; ", skipped.subList(0, shown))
        + (skipped.size() > shown ? "; and " + (skipped.size() - shown) + " more" : "");
  }
}
