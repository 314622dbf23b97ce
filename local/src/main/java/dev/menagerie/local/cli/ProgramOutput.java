package dev.menagerie.local.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a program run by {@code ./menagerie doctor} printed (stdout and stderr together) and its
 * exit status.
 */
record ProgramOutput(int exit, String text) {
  /**
   * Runs {@code command} to its end (at most {@code timeout}); empty when it cannot start or did
   * not end in time.
   */
  static Optional<ProgramOutput> of(List<String> command, Duration timeout) {
    Path log = null;
    try {
      log = Files.createTempFile("menagerie-doctor-", ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return Optional.empty();
      }
      return Optional.of(
          new ProgramOutput(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8)));
    } catch (IOException cannotStart) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (log != null) {
        try {
          Files.deleteIfExists(log);
        } catch (IOException ignored) {
          // a temporary file left behind
        }
      }
    }
  }

  /** The first group of {@code regex}'s first match. */
  Optional<String> find(String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The first line, and the last when there are more (a linter's finding, an exception). */
  String gist() {
    List<String> lines = text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (lines.isEmpty()) {
      return "no output";
    }
    String first = lines.get(0);
    String last = lines.get(lines.size() - 1);
    return lines.size() == 1 ? first : first + " ... " + last;
  }
}
