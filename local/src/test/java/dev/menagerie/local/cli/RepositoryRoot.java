package dev.menagerie.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's root directory, for the tests of this module: {@code menagerie.repo} (set by the
 * build), else the first directory up from the working one that holds the launcher ({@code
 * ./menagerie}) and {@code template.yaml}.
 */
final class RepositoryRoot {
  private RepositoryRoot() {}

  static Path path() {
    String property = System.getProperty("menagerie.repo");
    Path start =
        property != null && !property.isBlank()
            ? Path.of(property)
            : Path.of("").toAbsolutePath().normalize();
    for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("menagerie"))
          && Files.isRegularFile(p.resolve("template.yaml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no ./menagerie and template.yaml in or above " + start);
  }
}
