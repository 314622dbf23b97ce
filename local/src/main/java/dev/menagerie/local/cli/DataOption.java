package dev.menagerie.local.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --data DIR}, the state directory of the {@code up} a command works with (or that {@code
 * up} keeps): {@code .menagerie} in the repository unless given. The one place that default is.
 */
final class DataOption {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Where `up` keeps its state (default: .menagerie in the repository).")
  private Path given;

  /** The directory, absolute. */
  Path dir(Path repoRoot) {
    return given == null ? defaultDir(repoRoot) : given.toAbsolutePath().normalize();
  }

  /** {@code .menagerie} in the repository: where {@code up} keeps its state by default. */
  static Path defaultDir(Path repoRoot) {
    return repoRoot.resolve(".menagerie").toAbsolutePath().normalize();
  }
}
