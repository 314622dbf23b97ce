package dev.menagerie.training;

import dev.menagerie.training.synth.SyntheticLibrary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code synth DIR [--seed S] [--classes a,b,...] [--per-class N] ...}: writes a synthetic library.
 */
public final class Synth {
  static final String USAGE =
      """
      Usage: synth DIR [options]

      Writes a deterministic synthetic image library:
        DIR/library/<label>/[staged/|synthetic/]<file>.jpg   labelled images
        DIR/library/_meta/images.jsonl                       small-subject flags
        DIR/holdout/<label>/<file>.jpg                       held-out labelled images
        DIR/unknown/<file>.jpg                               a class never in training (%s)
        DIR/unlabelled/<file>.jpg, DIR/unlabelled-labels.csv  known classes under neutral names,
                                                             shuffled (with --unlabelled N)

      Options:
        --seed S          seed (default 42); same seed, same pixels
        --classes a,b,..  classes to draw (default all: %s)
        --per-class N     library images per class (default 60)
        --class-size L=N  library images of class L instead (repeatable), e.g. star=30;
                          its held-out count shrinks in the same proportion
        --synthetic-heavy L  file 7 in 10 of class L's images as staged or synthetic
                          (instead of 2 in 10; repeatable)
        --holdout N       held-out images per class (default 20)
        --unknown N       unknown-class images (default 20)
        --unlabelled N    unlabelled images per class, for an inbox (default 0)
        --size PX         image side in pixels (default 128)
        --help            this text
      """
          .formatted(SyntheticLibrary.UNKNOWN, String.join(",", SyntheticLibrary.CLASSES));

  private Synth() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs with {@code args}; returns the process exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    if (rest.isEmpty() || rest.contains("--help") || rest.contains("-h")) {
      (rest.isEmpty() ? err : out).print(USAGE);
      return rest.isEmpty() ? 2 : 0;
    }
    try {
      SyntheticLibrary.Builder builder = SyntheticLibrary.builder();
      Path dir = null;
      for (int i = 0; i < rest.size(); i++) {
        String a = rest.get(i);
        switch (a) {
          case "--seed" -> builder.optSeed(Long.parseLong(value(rest, ++i, a)));
          case "--classes" -> builder.optClasses(List.of(value(rest, ++i, a).split(",")));
          case "--per-class" -> builder.optPerClass(Integer.parseInt(value(rest, ++i, a)));
          case "--class-size" -> {
            String spec = value(rest, ++i, a);
            int eq = spec.indexOf('=');
            if (eq < 1) {
              throw new IllegalArgumentException("--class-size takes LABEL=N, was '" + spec + "'");
            }
            builder.optClassSize(spec.substring(0, eq), Integer.parseInt(spec.substring(eq + 1)));
          }
          case "--synthetic-heavy" -> builder.optSyntheticHeavy(value(rest, ++i, a));
          case "--holdout" -> builder.optHoldoutPerClass(Integer.parseInt(value(rest, ++i, a)));
          case "--unknown" -> builder.optUnknownCount(Integer.parseInt(value(rest, ++i, a)));
          case "--unlabelled" ->
              builder.optUnlabelledPerClass(Integer.parseInt(value(rest, ++i, a)));
          case "--size" -> builder.optSize(Integer.parseInt(value(rest, ++i, a)));
          default -> {
            if (a.startsWith("-") || dir != null) {
              throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            dir = Path.of(a);
          }
        }
      }
      if (dir == null) {
        throw new IllegalArgumentException("DIR is required");
      }
      long start = System.nanoTime();
      SyntheticLibrary.Summary s = builder.setRoot(dir).build().generate();
      out.printf(
          "synth: %d library images (%d classes, %d small-subject) in %s, %d holdout in %s,"
              + " %d unknown in %s%s (%.1f s)%n",
          s.libraryImages(),
          s.classes().size(),
          s.smallSubjects(),
          s.library(),
          s.holdoutImages(),
          s.holdout(),
          s.unknownImages(),
          s.unknown(),
          s.unlabelledImages() == 0
              ? ""
              : ", " + s.unlabelledImages() + " unlabelled in " + s.unlabelled(),
          (System.nanoTime() - start) / 1e9);
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("synth: " + e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (IOException e) {
      err.println("synth: " + e.getMessage());
      return 1;
    }
  }

  static String value(List<String> args, int i, String flag) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args.get(i);
  }
}
