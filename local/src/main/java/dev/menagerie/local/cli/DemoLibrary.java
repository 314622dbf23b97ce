package dev.menagerie.local.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The libraries {@code ./menagerie demo --library NAME} can start from, and which one a data
 * directory's {@code demo/} holds (recorded in {@link #RECORD}, so that a second start on the same
 * data does not mix two libraries).
 */
enum DemoLibrary {
  /** Generated shapes, with the staged, synthetic and small-subject flags the filters look at. */
  SYNTHETIC(
      "synthetic", Demo.FIRST_RUN_EPOCHS, "star", "crescents, a class the model has never seen"),
  /**
   * Real photos of hands showing the digits ({@code samples/sign-language-digits/}); no flags, and
   * one digit kept out of training ({@link SignDigitsLibrary}).
   */
  SIGN_DIGITS(
      "sign-digits",
      SignDigitsLibrary.FIRST_RUN_EPOCHS,
      "5",
      "photos of the digit " + SignDigitsLibrary.UNSEEN + ", a class the model has never seen");

  /** The file in {@code DATA/demo/} naming the library written there. */
  static final String RECORD = "library-name.txt";

  private final String cliName;
  private final int firstRunEpochs;
  private final String exampleLabel;
  private final String unknownDescription;

  DemoLibrary(String cliName, int firstRunEpochs, String exampleLabel, String unknownDescription) {
    this.cliName = cliName;
    this.firstRunEpochs = firstRunEpochs;
    this.exampleLabel = exampleLabel;
    this.unknownDescription = unknownDescription;
  }

  /** The name on the command line. */
  String cliName() {
    return cliName;
  }

  /** The first run's default budget on this library (trained in full, no early stop). */
  int firstRunEpochs() {
    return firstRunEpochs;
  }

  /** A class of the library whose held-out images the demo's suggested commands classify. */
  String exampleLabel() {
    return exampleLabel;
  }

  /** What the demo's {@code unknown/} images are, for the line that says what went to the inbox. */
  String unknownDescription() {
    return unknownDescription;
  }

  /** The library called {@code name} on the command line; a usage error lists the names. */
  static DemoLibrary named(String name) {
    return Arrays.stream(values())
        .filter(l -> l.cliName.equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new UsageException(
                    "unknown library '" + name + "'; --library takes one of " + names()));
  }

  /** The accepted names, as the usage text writes them: {@code synthetic|sign-digits}. */
  static String names() {
    return Arrays.stream(values()).map(DemoLibrary::cliName).collect(Collectors.joining("|"));
  }

  /**
   * The library {@code demoDir} holds: the one recorded there, or {@link #SYNTHETIC} for a {@code
   * library/} written before the record existed (the synthetic one was the only one then); empty
   * when nothing has been written yet.
   */
  static Optional<DemoLibrary> heldIn(Path demoDir) throws IOException {
    Path record = demoDir.resolve(RECORD);
    if (Files.isRegularFile(record)) {
      String name = Files.readString(record, StandardCharsets.UTF_8).strip();
      for (DemoLibrary library : values()) {
        if (library.cliName.equals(name)) {
          return Optional.of(library);
        }
      }
      throw new IOException(record + " names no library this version knows: '" + name + "'");
    }
    return Files.isDirectory(demoDir.resolve("library"))
        ? Optional.of(SYNTHETIC)
        : Optional.empty();
  }

  /**
   * The library a demo on {@code demoDir} uses: {@code requested} if given, else the one it holds,
   * else {@link #SYNTHETIC}. Refused when {@code requested} is not the one it holds.
   */
  static DemoLibrary choose(Optional<DemoLibrary> requested, Path demoDir) throws IOException {
    Optional<DemoLibrary> held = heldIn(demoDir);
    if (requested.isPresent() && held.isPresent() && requested.get() != held.get()) {
      throw new UsageException(
          demoDir
              + " holds the "
              + held.get().cliName
              + " library; start the demo with --library "
              + held.get().cliName
              + ", or give another --data DIR for the "
              + requested.get().cliName
              + " library");
    }
    return requested.or(() -> held).orElse(SYNTHETIC);
  }

  /** Writes the record naming this library into {@code demoDir}. */
  void record(Path demoDir) throws IOException {
    Files.createDirectories(demoDir);
    Files.writeString(demoDir.resolve(RECORD), cliName + "\n", StandardCharsets.UTF_8);
  }
}
