package dev.menagerie.tests;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.menagerie.local.cli.OutsideTool;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The programs from outside the build that some tests run (moto_server, cfn-lint, Chromium): found
 * on the PATH, or the test fails (or is skipped, where the README says the tool is optional) with
 * one sentence that names the tool and its install command, the sentence {@code ./menagerie doctor}
 * uses.
 */
public final class OutsideTools {
  private OutsideTools() {}

  /** The tool's executable; the test fails with one sentence when it is not on the PATH. */
  public static Path required(OutsideTool tool, String whatNeedsIt) {
    Optional<Path> found = tool.find();
    if (found.isEmpty()) {
      fail(tool.missing(whatNeedsIt));
    }
    return found.get();
  }

  /**
   * The tool's executable; when it is not on the PATH the test is skipped, or fails when the system
   * property {@code requiredBy} is true (as in CI).
   */
  public static Path optional(OutsideTool tool, String whatNeedsIt, String requiredBy) {
    Optional<Path> found = tool.find();
    if (found.isEmpty() && Boolean.getBoolean(requiredBy)) {
      fail(tool.missing(whatNeedsIt + " (-D" + requiredBy + "=true makes it required)"));
    }
    assumeTrue(found.isPresent(), () -> tool.missing(whatNeedsIt + ", so the test is skipped"));
    return found.get();
  }
}
