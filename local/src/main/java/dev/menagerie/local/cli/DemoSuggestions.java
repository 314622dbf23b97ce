package dev.menagerie.local.cli;

import dev.menagerie.common.inference.Prediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The demo's closing text: what to try once it is up, for each kind of user (the app, the engineer,
 * the manager), every command complete as printed and chosen so that it has something to show on
 * this demo's data.
 */
final class DemoSuggestions {
  private final Path data;
  private final DemoLibrary source;
  private final List<Prediction> tops;
  private final Optional<Double> throwAwaySeconds;

  /**
   * @param tops the production model's top predictions on the demo's inbox
   * @param throwAwaySeconds how long this start's throw-away run took, if it ran now
   */
  DemoSuggestions(
      Path data, DemoLibrary source, List<Prediction> tops, Optional<Double> throwAwaySeconds) {
    this.data = data;
    this.source = source;
    this.tops = tops;
    this.throwAwaySeconds = throwAwaySeconds;
  }

  /**
   * A look-alikes filter that has something to show on this demo's inbox: the label the production
   * model gives most often with a confidence between {@code 0.2} and {@code 0.6} (images it is
   * unsure of), or, when none is that unsure, the label it gives most often.
   */
  String lookAlikesExample() {
    Optional<String> unsure =
        mostFrequent(tops, p -> p.confidence() >= 0.2 && p.confidence() <= 0.6);
    if (unsure.isPresent()) {
      return "filter look-alikes --label " + unsure.get() + " --min 0.2 --max 0.6";
    }
    return "filter look-alikes --label "
        + mostFrequent(tops, p -> true).orElse(source.exampleLabel());
  }

  /**
   * What to try once the demo is up, for each kind of user, every command complete as printed (a
   * real image for curl, and {@code --data DIR} on every command when the demo's state is not in
   * the default place). Lines starting with {@code #} say who it is for and what they will see.
   *
   * @param defaultData whether the data directory is the default one ({@code .menagerie})
   */
  List<String> lines(String apiUrl, boolean defaultData) throws IOException {
    String d = defaultData ? "" : " --data " + shellQuoted(data.toString());
    Path examples = data.resolve("demo/holdout").resolve(source.exampleLabel());
    String image;
    try (Stream<Path> files = Files.list(examples)) {
      image = files.map(Path::toString).sorted().findFirst().orElse("photo.jpg");
    }
    boolean synthetic = source == DemoLibrary.SYNTHETIC;
    List<String> lines = new ArrayList<>();
    lines.add("# The app: classify an image (every request is logged as a transaction)");
    lines.add(
        "curl --data-binary @"
            + shellQuoted(image)
            + " -H 'Content-Type: image/jpeg' "
            + apiUrl
            + "/classify");
    lines.add(
        "./menagerie classify " + shellQuoted(examples.toString()) + "/*.jpg" + d + " | head");
    lines.add("# The engineer: what to label next, then train");
    lines.add("./menagerie library stats" + d + "     # images per class, by origin");
    lines.add(
        "./menagerie filter low-count"
            + d
            + (synthetic
                ? "     # inbox images of " + Demo.SMALL_CLASS + ", found by the throw-away run"
                : "     # none on these photos: every digit is above the cutoff"));
    lines.add(
        "./menagerie filter synthetic-heavy"
            + d
            + (synthetic
                ? "     # " + Demo.SYNTHETIC_HEAVY_CLASS + ": mostly staged or synthetic images"
                : "     # none on these photos: no staged or synthetic images"));
    lines.add("./menagerie " + lookAlikesExample() + d + "     # what the model is unsure of");
    lines.add(
        "./menagerie filter lowest-scores --collection "
            + Demo.COLLECTION
            + d
            + "     # what to label first");
    lines.add(
        "./menagerie archive --below 0.5 --collection "
            + Demo.COLLECTION
            + d
            + "     # how many would move (add --yes to move them)");
    lines.add(
        "./menagerie train"
            + d
            + "     # warm start from production, evaluate, promote or reject"
            + throwAwaySeconds
                .map(t -> String.format(Locale.ROOT, " (the throw-away run took %.0f s)", t))
                .orElse(""));
    lines.add("./menagerie runs" + d + " ; ./menagerie models" + d);
    lines.add(
        "# The manager: "
            + apiUrl
            + "/dashboard (usage, latency, accuracy by class and by confidence from today's"
            + " requests and evaluations; the charts over days fill in as days pass)");
    lines.add("./menagerie report usage" + d + " ; ./menagerie report accuracy" + d);
    return lines;
  }

  /** {@code text} as one shell word: as it is when plain, else in single quotes. */
  static String shellQuoted(String text) {
    return text.matches("[A-Za-z0-9_./:=@%+,-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
  }

  private static Optional<String> mostFrequent(
      List<Prediction> predictions, Predicate<Prediction> which) {
    return predictions.stream()
        .filter(which)
        .collect(Collectors.groupingBy(Prediction::label, TreeMap::new, Collectors.counting()))
        .entrySet()
        .stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey);
  }
}
