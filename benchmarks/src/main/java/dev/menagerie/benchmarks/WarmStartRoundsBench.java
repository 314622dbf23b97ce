package dev.menagerie.benchmarks;

import dev.menagerie.local.cli.SignDigitsLibrary;
import dev.menagerie.training.synth.SyntheticLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The seed's cycle over rounds, on the real photos ({@code samples/sign-language-digits}, section
 * {@code warmstart}) or on a synthetic library ({@code warmstart-synthetic}): round 0 trains from
 * scratch on some classes and part of their images; each later round adds images, and the last adds
 * classes; then it warm-starts from the last round's model (head reset) and, as the comparison,
 * trains from scratch on the same data with the same seed, recipe and budget. Per run: epochs to
 * plateau, held-out accuracy (ONNX Runtime), wall time. Opt-in ({@code --only warmstart}): several
 * training runs, minutes each.
 *
 * <p>Epochs to plateau: the first epoch whose validation accuracy is within {@link #PLATEAU_MARGIN}
 * of the better of the round's two best validation accuracies (a run that never gets there counts
 * as its whole budget plus one).
 */
final class WarmStartRoundsBench {
  static final String SECTION = "8. Warm start over rounds (real photos, CPU)";
  static final String SYNTHETIC_SECTION = "9. Warm start over rounds (synthetic library, CPU)";

  /** Synthetic images per class in the rounds' source library (before the held-out 30). */
  static final int SYNTHETIC_PER_CLASS = 200;

  /**
   * Where a round's images come from: each class's training images in a fixed order (each round's
   * share is a prefix, so it includes the previous round's) and its fixed held-out images.
   */
  interface Source {
    List<Path> training(String label) throws IOException;

    List<Path> holdout(String label) throws IOException;
  }

  /** The photos: by SHA-256 of the name; the last 15 % of each digit held out. */
  static Source photos(Path photos) {
    return new Source() {
      @Override
      public List<Path> training(String label) throws IOException {
        List<Path> files = files(label);
        return files.subList(0, files.size() - heldOut(files));
      }

      @Override
      public List<Path> holdout(String label) throws IOException {
        List<Path> files = files(label);
        return files.subList(files.size() - heldOut(files), files.size());
      }

      private List<Path> files(String label) throws IOException {
        return SignDigitsLibrary.inHashOrder(photos, label).stream()
            .map(SignDigitsLibrary.Photo::file)
            .toList();
      }

      private int heldOut(List<Path> files) {
        return (int) Math.round(files.size() * 0.15);
      }
    };
  }

  /** A generated synthetic library: its images by name (index order), its own held-out set. */
  static Source synthetic(Path root) {
    return new Source() {
      @Override
      public List<Path> training(String label) throws IOException {
        return sortedFiles(root.resolve("library").resolve(label));
      }

      @Override
      public List<Path> holdout(String label) throws IOException {
        return sortedFiles(root.resolve("holdout").resolve(label));
      }
    };
  }

  private static List<Path> sortedFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .sorted(java.util.Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    }
  }

  static final double PLATEAU_MARGIN = 0.03;
  static final Pattern VALIDATION =
      Pattern.compile("metric: epoch=(\\d+);.*validation:accuracy=([0-9.]+);");
  static final Pattern HELD_OUT =
      Pattern.compile("holdout \\(ONNX Runtime\\): \\d+/\\d+ top-1 = ([0-9.]+)");

  /** One round's data: which classes, and what share of each class's training images. */
  record Round(List<String> classes, double share) {}

  /** A training run's curve and results. */
  record Run(List<Double> validation, double heldOut, double seconds) {
    double best() {
      return validation.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    int plateau(double target) {
      for (int i = 0; i < validation.size(); i++) {
        if (validation.get(i) >= target) {
          return i + 1;
        }
      }
      return validation.size() + 1;
    }
  }

  private WarmStartRoundsBench() {}

  /** The rounds on the real photos: digits 0-6, then more photos, then digits 7-9 as well. */
  static void run(Options options, Results results) throws Exception {
    Path dir = options.work().resolve("warmstart");
    TrainingBench.deleteTree(dir);
    rounds(
        options,
        results,
        photos(options.repoRoot().resolve("samples/sign-language-digits")),
        dir,
        List.of("0", "1", "2", "3", "4", "5", "6"),
        List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
        SECTION,
        "",
        "samples/sign-language-digits");
  }

  /**
   * The rounds on a synthetic library ({@link #SYNTHETIC_PER_CLASS} per class, 30 held out, seed
   * 42): six classes, then more images, then all nine.
   */
  static void runSynthetic(Options options, Results results) throws Exception {
    Path dir = options.work().resolve("warmstart-synthetic");
    TrainingBench.deleteTree(dir);
    Path source = dir.resolve("source");
    SyntheticLibrary.builder()
        .setRoot(source)
        .optPerClass(SYNTHETIC_PER_CLASS)
        .optHoldoutPerClass(30)
        .optUnknownCount(0)
        .build()
        .generate();
    List<String> all = SyntheticLibrary.CLASSES;
    rounds(
        options,
        results,
        synthetic(source),
        dir,
        all.subList(0, 6),
        all,
        SYNTHETIC_SECTION,
        "_synthetic",
        "synth --per-class " + SYNTHETIC_PER_CLASS + " --holdout 30 (seed 42)");
  }

  private static void rounds(
      Options options,
      Results results,
      Source source,
      Path dir,
      List<String> first,
      List<String> all,
      String section,
      String suffix,
      String library)
      throws Exception {
    int epochs = options.reps(12, 20);
    double scale = options.reps(1, 2) == 1 ? 0.6 : 1.0; // --quick: 60 % of the images
    List<Round> rounds =
        List.of(
            new Round(first, 0.5 * scale), new Round(first, 0.75 * scale), new Round(all, scale));
    List<Map<String, Object>> table = new ArrayList<>();
    Path base = null;
    double lastRatio = Double.NaN;
    for (int r = 0; r < rounds.size(); r++) {
      Path round = dir.resolve("round-" + r);
      int images = layOut(source, rounds.get(r), round);
      Run scratch = train(round, round.resolve("scratch"), null, epochs);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("round", r);
      row.put("classes", rounds.get(r).classes().size());
      row.put("library_images", images);
      row.put("epochs_budget", epochs);
      if (base == null) {
        row.put("scratch", describe(scratch, scratch.plateau(scratch.best() - PLATEAU_MARGIN)));
        base = round.resolve("scratch/model");
      } else {
        Run warm = train(round, round.resolve("warm"), base, epochs);
        double target = Math.max(scratch.best(), warm.best()) - PLATEAU_MARGIN;
        int scratchPlateau = scratch.plateau(target);
        int warmPlateau = warm.plateau(target);
        lastRatio = (double) scratchPlateau / warmPlateau;
        row.put("scratch", describe(scratch, scratchPlateau));
        row.put("warm", describe(warm, warmPlateau));
        row.put("epoch_ratio", Math.round(lastRatio * 100) / 100.0);
        base = round.resolve("warm/model");
      }
      table.add(row);
      results.row(
          section,
          String.format(
              Locale.ROOT,
              "round %d: %d classes, %d images; epochs to plateau / held-out / time, scratch%s",
              r,
              rounds.get(r).classes().size(),
              images,
              row.containsKey("warm") ? " vs warm start" : ""),
          summary(row, "scratch"),
          row.containsKey("warm") ? summary(row, "warm") : "",
          row.containsKey("warm") ? Results.ratio(lastRatio) : "",
          row.containsKey("warm") ? "≥ 3× (last round)" : "",
          row.containsKey("warm") && r == rounds.size() - 1 ? lastRatio >= 3 : null);
    }
    results.figure("warmstart_epoch_ratio" + suffix, lastRatio);
    results.figureObject("warmstart_rounds" + suffix, table);
    results.detail("warmstart" + suffix, "plateau_margin", PLATEAU_MARGIN);
    results.detail("warmstart" + suffix, "library", library);
  }

  private static Map<String, Object> describe(Run run, int plateau) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epochs_to_plateau", plateau);
    m.put("best_validation", run.best());
    m.put("held_out", run.heldOut());
    m.put("seconds", Math.round(run.seconds()));
    m.put("validation_by_epoch", run.validation());
    return m;
  }

  @SuppressWarnings("unchecked")
  private static String summary(Map<String, Object> row, String which) {
    Map<String, Object> m = (Map<String, Object>) row.get(which);
    return String.format(
        Locale.ROOT,
        "%s / %.3f / %s s",
        m.get("epochs_to_plateau"),
        (Double) m.get("held_out"),
        m.get("seconds"));
  }

  /**
   * Copies the round's share of each class into {@code round/library} and that class's fixed
   * held-out photos (the last 15 % by SHA-256 of the name) into {@code round/holdout}; returns the
   * library's image count. Within a class the order is by SHA-256, so each round's images include
   * the previous round's.
   */
  static int layOut(Source source, Round round, Path dir) throws IOException {
    int count = 0;
    for (String label : round.classes()) {
      List<Path> train = source.training(label);
      List<Path> holdout = source.holdout(label);
      int take = (int) Math.round(train.size() * round.share());
      for (Path p : train.subList(0, take)) {
        copy(p, dir.resolve("library").resolve(label));
        count++;
      }
      for (Path p : holdout) {
        copy(p, dir.resolve("holdout").resolve(label));
      }
    }
    return count;
  }

  private static Run train(Path round, Path out, Path base, int epochs) throws Exception {
    List<String> command =
        new ArrayList<>(
            TrainingBench.trainJobCommand(
                "--library",
                round.resolve("library").toString(),
                "--holdout",
                round.resolve("holdout").toString(),
                "--model-out",
                out.resolve("model").toString(),
                "--epochs",
                Integer.toString(epochs),
                "--patience",
                Integer.toString(epochs),
                "--seed",
                "42"));
    if (base != null) {
      command.addAll(List.of("--base", base.toString()));
    }
    long start = System.nanoTime();
    String transcript = TrainingBench.runTrainJob(command);
    List<Double> validation = new ArrayList<>();
    double heldOut = Double.NaN;
    for (String line : transcript.split("\n")) {
      Matcher v = VALIDATION.matcher(line);
      if (v.find()) {
        validation.add(Double.parseDouble(v.group(2)));
      }
      Matcher h = HELD_OUT.matcher(line);
      if (h.find()) {
        heldOut = Double.parseDouble(h.group(1));
      }
    }
    if (validation.isEmpty()) {
      throw new IllegalStateException("the training job printed no epoch:\n" + transcript);
    }
    return new Run(validation, heldOut, (System.nanoTime() - start) / 1e9);
  }

  private static void copy(Path file, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.copy(file, dir.resolve(file.getFileName()));
  }
}
