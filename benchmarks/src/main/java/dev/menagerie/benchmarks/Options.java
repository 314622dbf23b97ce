package dev.menagerie.benchmarks;

import java.nio.file.Path;
import java.util.Set;

/** How much to run: {@code quick} for a shorter, noisier pass; {@code only} to pick sections. */
public record Options(boolean quick, Set<String> only, Path repoRoot, Path work) {
  public boolean runs(String section) {
    return only.isEmpty() || only.contains(section);
  }

  /** {@code quick} or {@code full} repetitions. */
  public int reps(int quickCount, int fullCount) {
    return quick ? quickCount : fullCount;
  }
}
