package dev.menagerie.tests.template;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's root directory: the one holding {@code template.yaml}. The build passes it as
 * the system property {@code menagerie.repo}; when that is missing or wrong (a test run from an
 * IDE, or Maven started inside a module), it is found by walking up from the working directory.
 */
public final class RepositoryRoot {

  private static final String MARKER = "template.yaml";

  private RepositoryRoot() {}

  public static Path path() {
    String property = System.getProperty("menagerie.repo");
    if (property != null && !property.isBlank()) {
      Path candidate = Path.of(property).toAbsolutePath().normalize();
      if (Files.isRegularFile(candidate.resolve(MARKER))) {
        return candidate;
      }
    }
    Path start = Path.of("").toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(MARKER))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the repository root: no "
            + MARKER
            + " in menagerie.repo="
            + property
            + " nor in "
            + start
            + " or any parent");
  }

  public static Path template() {
    return path().resolve(MARKER);
  }
}
