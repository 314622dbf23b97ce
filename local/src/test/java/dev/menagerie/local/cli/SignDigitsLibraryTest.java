package dev.menagerie.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real-photo demo library laid out from the repository's copy, and choosing a library. */
class SignDigitsLibraryTest {
  private static final List<String> SETS = List.of("library", "holdout", "unlabelled", "unknown");
  private static Path source;

  @BeforeAll
  static void findTheCopy() {
    source = RepositoryRoot.path().resolve(SignDigitsLibrary.SOURCE);
  }

  @Test
  void theRepositoryCopy_shouldSplitEachClassWithSomeOfItHeldOut(@TempDir Path demo)
      throws Exception {
    // GIVEN the repository's copy of the photos
    // WHEN the demo lays it out
    SignDigitsLibrary.Summary summary = SignDigitsLibrary.write(source, demo);
    // THEN every trained class has about 15 % held out, 4 in the inbox and the rest in the library
    assertThat(summary.classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8");
    for (String label : summary.classes()) {
      int all = files(source.resolve(label)).size();
      int held = files(demo.resolve("holdout").resolve(label)).size();
      int library = files(demo.resolve("library").resolve(label)).size();
      assertThat(held).as(label).isEqualTo(Math.round(all * 0.15f));
      assertThat(library).as(label).isEqualTo(all - held - 4);
    }
    assertThat(summary.unlabelled()).isEqualTo(4 * 9);
    // AND the digit 9 is only in the inbox, as a class the first model has never seen
    assertThat(demo.resolve("library/9")).doesNotExist();
    assertThat(demo.resolve("holdout/9")).doesNotExist();
    assertThat(files(demo.resolve("unknown"))).hasSize(20).allMatch(f -> f.startsWith("unseen-"));
    // AND the inbox batch has neutral names, its truth beside it, in the synthetic format
    List<String> truth =
        Files.readAllLines(
            demo.resolve(SignDigitsLibrary.UNLABELLED_LABELS), StandardCharsets.UTF_8);
    assertThat(truth.get(0)).isEqualTo("file,label");
    assertThat(truth.subList(1, truth.size()))
        .hasSize(36)
        .allMatch(l -> l.matches("unlabelled-\\d{4}\\.jpg,[0-8]"));
    assertThat(files(demo.resolve("unlabelled")))
        .containsExactlyInAnyOrderElementsOf(
            truth.subList(1, truth.size()).stream().map(l -> l.split(",")[0]).toList());
    // AND no flags or manifest are invented for the photos
    assertThat(demo.resolve("library/_meta")).doesNotExist();
    assertThat(demo.resolve("library.partial")).doesNotExist();
  }

  @Test
  void everyPhoto_shouldLandInOneSetOnly(@TempDir Path demo) throws Exception {
    SignDigitsLibrary.write(source, demo);
    // the inbox renames photos, so they are matched by content (the copy has no duplicates)
    Map<String, String> setOfContent = new HashMap<>();
    int written = 0;
    for (String set : SETS) {
      for (Path file : walk(demo.resolve(set))) {
        String previous = setOfContent.put(sha256(Files.readAllBytes(file)), set + "/" + file);
        assertThat(previous).as(file.toString()).isNull();
        written++;
      }
    }
    int nine = files(source.resolve("9")).size();
    assertThat(written).isEqualTo(walk(source).size() - countNonPhotos() - (nine - 20));
  }

  @Test
  void twoLayouts_shouldBeTheSame(@TempDir Path first, @TempDir Path second) throws Exception {
    SignDigitsLibrary.write(source, first);
    SignDigitsLibrary.write(source, second);
    assertThat(relativeListing(second)).isEqualTo(relativeListing(first));
    assertThat(Files.readString(second.resolve(SignDigitsLibrary.UNLABELLED_LABELS)))
        .isEqualTo(Files.readString(first.resolve(SignDigitsLibrary.UNLABELLED_LABELS)));
  }

  @Test
  void anUnknownLibraryName_shouldBeAUsageErrorListingTheNames() {
    assertThatThrownBy(() -> DemoLibrary.named("mnist"))
        .isInstanceOf(UsageException.class)
        .hasMessage("unknown library 'mnist'; --library takes one of synthetic|sign-digits");
    // and the demo command exits with 2 before starting anything
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new Main(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                RepositoryRoot.path())
            .run(List.of("demo", "--library", "mnist", "--port", "0"));
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("synthetic|sign-digits");
  }

  @Test
  void aDataDirectoryHoldingOneLibrary_shouldRefuseTheOther(@TempDir Path demo) throws Exception {
    // GIVEN nothing written yet: the request, else synthetic
    assertThat(DemoLibrary.choose(Optional.empty(), demo)).isEqualTo(DemoLibrary.SYNTHETIC);
    assertThat(DemoLibrary.choose(Optional.of(DemoLibrary.SIGN_DIGITS), demo))
        .isEqualTo(DemoLibrary.SIGN_DIGITS);
    // WHEN the real photos are recorded there
    DemoLibrary.SIGN_DIGITS.record(demo);
    // THEN a start without --library uses them, and one asking for the synthetic library is refused
    assertThat(DemoLibrary.choose(Optional.empty(), demo)).isEqualTo(DemoLibrary.SIGN_DIGITS);
    assertThatThrownBy(() -> DemoLibrary.choose(Optional.of(DemoLibrary.SYNTHETIC), demo))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("holds the sign-digits library")
        .hasMessageContaining("--library sign-digits");
  }

  @Test
  void aLibraryWrittenBeforeTheRecord_shouldCountAsTheSyntheticOne(@TempDir Path demo)
      throws Exception {
    Files.createDirectories(demo.resolve("library/circle"));
    assertThat(DemoLibrary.heldIn(demo)).contains(DemoLibrary.SYNTHETIC);
    assertThatThrownBy(() -> DemoLibrary.choose(Optional.of(DemoLibrary.SIGN_DIGITS), demo))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("holds the synthetic library");
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> f.getFileName().toString())
          .sorted()
          .toList();
    }
  }

  private static List<Path> walk(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static int countNonPhotos() throws IOException {
    return (int) walk(source).stream().filter(f -> !f.toString().endsWith(".jpg")).count();
  }

  private static List<String> relativeListing(Path root) throws Exception {
    List<String> listing = new ArrayList<>();
    for (Path file : walk(root)) {
      listing.add(root.relativize(file) + " " + sha256(Files.readAllBytes(file)));
    }
    return listing;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
