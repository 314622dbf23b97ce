package dev.menagerie.tests.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.local.cli.Endpoints;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the {@code ./menagerie} launcher as a user would, without rebuilding. */
final class Launcher {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path repo;
  private final Path data;
  private Path startedLog;

  Launcher(Path repo, Path data) {
    this.repo = repo;
    this.data = data;
  }

  /** The outcome of a command that ran to its end. */
  record Result(int exit, String output) {
    /** The last line, parsed: --json commands print one JSON document on their last line. */
    JsonNode json() throws IOException {
      String[] lines = output.strip().split("\n");
      return JSON.readTree(lines[lines.length - 1]);
    }
  }

  Process start(String... args) throws IOException {
    startedLog = data.resolve("launcher-" + System.nanoTime() + ".log");
    return asAUser(menagerie(args))
        .redirectErrorStream(true)
        .redirectOutput(startedLog.toFile())
        .start();
  }

  /** {@code ./menagerie ARGS} of this repository. */
  private ProcessBuilder menagerie(String... args) {
    List<String> command = new ArrayList<>();
    command.add(repo.resolve("menagerie").toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /** The environment every command runs with here: no rebuild, and gone when the tests are. */
  private static ProcessBuilder asAUser(ProcessBuilder builder) {
    builder.environment().put("MENAGERIE_NO_BUILD", "1");
    builder.environment().put("MENAGERIE_EXIT_WITH_PARENT", "1");
    return builder;
  }

  /**
   * Waits (at most {@code timeout}) until the last {@link #start}ed command has printed {@code
   * marker}; returns all it has printed.
   */
  String awaitStartedOutput(Process started, String marker, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String output = startedOutput();
    while (!output.contains(marker)) {
      if (!started.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("no '" + marker + "' in the output:\n" + output);
      }
      Thread.sleep(200);
      output = startedOutput();
    }
    return output;
  }

  /**
   * Stops {@code started} as Ctrl-C would (when there is one) and deletes {@code dir} with
   * everything in it: a test's teardown.
   */
  static void stopAndDelete(Process started, Path dir) throws Exception {
    if (started != null) {
      started.destroy();
      started.waitFor(30, TimeUnit.SECONDS);
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** What the last {@link #start}ed command has printed so far. */
  String startedOutput() throws IOException {
    return startedLog == null ? "" : Files.readString(startedLog);
  }

  /** Runs a command against the data directory to its end (at most {@code timeout}). */
  Result run(Duration timeout, String... args) throws Exception {
    return toTheEnd(menagerie(args), "./menagerie " + String.join(" ", args), timeout, "command-");
  }

  /**
   * Runs one line as a user would paste it into a shell in the repository (pipes, globs and
   * comments included), to its end (at most {@code timeout}).
   */
  Result shell(Duration timeout, String line) throws Exception {
    return toTheEnd(
        new ProcessBuilder("bash", "-c", line).directory(repo.toFile()), line, timeout, "shell-");
  }

  private Result toTheEnd(ProcessBuilder builder, String shown, Duration timeout, String logName)
      throws Exception {
    Path log = Files.createTempFile(data, logName, ".log");
    Process process =
        asAUser(builder).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          shown + " did not end in " + timeout + ":\n" + Files.readString(log));
    }
    String output = Files.readString(log);
    System.out.println("$ " + shown + "\n" + output);
    return new Result(process.exitValue(), output);
  }

  Endpoints awaitEndpoints(Process up) throws Exception {
    return awaitEndpoints(up, Duration.ofSeconds(90));
  }

  Endpoints awaitEndpoints(Process up, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!up.isAlive()) {
        throw new AssertionError("./menagerie up exited with " + up.exitValue());
      }
      if (Files.exists(data.resolve(Endpoints.FILE))) {
        Endpoints endpoints = Endpoints.read(data);
        URI api = URI.create(endpoints.apiUrl());
        try (Socket ignored = new Socket(api.getHost(), api.getPort())) {
          return endpoints;
        } catch (IOException notYet) {
          // written just before listening? try again
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("./menagerie up did not write endpoints.json in time");
  }
}
