package dev.menagerie.local.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The demo's real-photo library, laid out from the repository's copy of the Sign Language Digits
 * photos ({@code samples/sign-language-digits/<digit>/IMG_NNNN.jpg}; Apache-2.0, see its {@code
 * NOTICE.md}) in the layout the synthetic generator writes, with nothing the photos do not say: no
 * staged, synthetic or small-subject flags, no manifest.
 *
 * <p>The split, per class, in the order of each photo's SHA-256 of {@code <digit>/<file name>} (so
 * the same copy always splits the same way, and a class's share does not depend on the others): the
 * first {@link #HOLDOUT_FRACTION} of a class (rounded) to {@code holdout/<digit>/}, the next {@link
 * #INBOX_PER_CLASS} to the unlabelled inbox batch, the rest to {@code library/<digit>/}. The digit
 * {@link #UNSEEN} is kept out of all three: the first {@link #UNSEEN_IN_INBOX} of its photos go to
 * {@code unknown/}, a class the first model really has never seen, and the rest stay in the
 * repository for labelling later. Inbox images get neutral names ({@code unlabelled-NNNN.jpg} in
 * hash order, their truth in {@code unlabelled-labels.csv}; {@code unseen-NNNN.jpg}): the camera's
 * file numbers run 0, 1, ..., 9 per student and would tell the digit.
 *
 * <p>The split is by photo, not by person: each of the 218 students took 10 photos and which photos
 * are whose is not documented, so the same hand can be in the library and the held-out set.
 */
public final class SignDigitsLibrary {
  /** The repository's copy, relative to the repository root. */
  static final Path SOURCE = Path.of("samples", "sign-language-digits");

  /** The digit no first model is trained on: the demo's unknown class. */
  static final String UNSEEN = "9";

  /** The share of each class held out as the {@code holdout} benchmark set. */
  static final double HOLDOUT_FRACTION = 0.15;

  /** Photos per known class in the unlabelled inbox batch. */
  static final int INBOX_PER_CLASS = 4;

  /** Photos of {@link #UNSEEN} in the inbox batch (as many as the synthetic demo's crescents). */
  static final int UNSEEN_IN_INBOX = 20;

  /**
   * The first run's budget on this library, trained in full. Measured on a fresh copy (2 shared
   * cores, 2026-12-04): 1,092 training images at about 185 images/s, 0.957 on the 279 held-out
   * photos, the run 229 s and the whole demo up in 280 s (the budget is 6 minutes).
   */
  static final int FIRST_RUN_EPOCHS = 36;

  /** The file beside {@code unlabelled/} with each unlabelled image's true label. */
  static final String UNLABELLED_LABELS = "unlabelled-labels.csv";

  /** What was written, in photos per set. */
  record Summary(int library, int holdout, int unlabelled, int unknown, List<String> classes) {}

  private SignDigitsLibrary() {}

  /**
   * Lays out {@code source} ({@code <digit>/<photo>.jpg}) under {@code demoDir}: {@code library/},
   * {@code holdout/}, {@code unlabelled/} with {@code unlabelled-labels.csv}, {@code unknown/}.
   * {@code library/} is written last, under another name and then renamed, so that an interrupted
   * preparation leaves no {@code library/} and the next start prepares again.
   */
  static Summary write(Path source, Path demoDir) throws IOException {
    List<String> classes = classes(source);
    if (!classes.contains(UNSEEN) || classes.size() < 3) {
      throw new IOException(
          source + " holds classes " + classes + "; expected the digit folders 0 to 9");
    }
    List<Photo> holdout = new ArrayList<>();
    List<Photo> unlabelled = new ArrayList<>();
    List<Photo> unknown = new ArrayList<>();
    List<Photo> library = new ArrayList<>();
    for (String label : classes) {
      List<Photo> photos = inHashOrder(source, label);
      if (label.equals(UNSEEN)) {
        unknown.addAll(photos.subList(0, Math.min(UNSEEN_IN_INBOX, photos.size())));
        continue;
      }
      int held = (int) Math.round(photos.size() * HOLDOUT_FRACTION);
      int inbox = Math.min(INBOX_PER_CLASS, photos.size() - held - 1);
      if (held < 1 || inbox < 1) {
        throw new IOException(
            source.resolve(label) + " has " + photos.size() + " photos; too few to split");
      }
      holdout.addAll(photos.subList(0, held));
      unlabelled.addAll(photos.subList(held, held + inbox));
      library.addAll(photos.subList(held + inbox, photos.size()));
    }
    for (Photo p : holdout) {
      copy(p.file(), demoDir.resolve("holdout").resolve(p.label()).resolve(p.file().getFileName()));
    }
    unlabelled.sort(Comparator.comparing(Photo::hash));
    StringBuilder truth = new StringBuilder("file,label\n");
    for (int n = 0; n < unlabelled.size(); n++) {
      String name = String.format(Locale.ROOT, "unlabelled-%04d.jpg", n);
      copy(unlabelled.get(n).file(), demoDir.resolve("unlabelled").resolve(name));
      truth.append(name).append(',').append(unlabelled.get(n).label()).append('\n');
    }
    Files.writeString(demoDir.resolve(UNLABELLED_LABELS), truth.toString(), StandardCharsets.UTF_8);
    for (int n = 0; n < unknown.size(); n++) {
      copy(
          unknown.get(n).file(),
          demoDir.resolve("unknown").resolve(String.format(Locale.ROOT, "unseen-%04d.jpg", n)));
    }
    Path partial = demoDir.resolve("library.partial");
    deleteTree(partial);
    for (Photo p : library) {
      copy(p.file(), partial.resolve(p.label()).resolve(p.file().getFileName()));
    }
    Files.move(partial, demoDir.resolve("library"));
    return new Summary(
        library.size(),
        holdout.size(),
        unlabelled.size(),
        unknown.size(),
        classes.stream().filter(c -> !c.equals(UNSEEN)).toList());
  }

  /** One photo of a class and the SHA-256 of {@code <label>/<file name>} that orders it. */
  public record Photo(String label, Path file, String hash) {}

  /**
   * The photos of class {@code label} under {@code source}, in the order of their hash: the order
   * every split of this library (the demo's, the warm-start bench's) takes its shares from.
   */
  public static List<Photo> inHashOrder(Path source, String label) throws IOException {
    List<Photo> photos = new ArrayList<>();
    for (Path file : photos(source.resolve(label))) {
      photos.add(new Photo(label, file, sha256(label + "/" + file.getFileName())));
    }
    photos.sort(Comparator.comparing(Photo::hash));
    return photos;
  }

  /** The class folders of {@code source}, sorted. */
  private static List<String> classes(Path source) throws IOException {
    if (!Files.isDirectory(source)) {
      throw new IOException(source + " is missing (the repository's copy of the photos)");
    }
    try (Stream<Path> children = Files.list(source)) {
      return children
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".") && !n.startsWith("_"))
          .sorted()
          .toList();
    }
  }

  private static List<Path> photos(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jpg"))
          .sorted()
          .toList();
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
