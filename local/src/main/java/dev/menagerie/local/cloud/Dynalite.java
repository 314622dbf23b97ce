package dev.menagerie.local.cloud;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * dynalite, the DynamoDB stand-in, as a child Node process on loopback: in memory, or on disk
 * (LevelDB) when given a directory. Tables are created ACTIVE at once ({@code --createTableMs 0}).
 */
public final class Dynalite implements AutoCloseable {
  private final Process process;
  private final int port;

  private Dynalite(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts dynalite from {@code local/node_modules} under the repository root (the build installs
   * it with npm).
   */
  public static Dynalite start(Path repoRoot, Optional<Path> dataDir, int port) throws IOException {
    Path cli = repoRoot.resolve("local/node_modules/dynalite/cli.js");
    if (!Files.isRegularFile(cli)) {
      throw new IllegalStateException(
          "dynalite is not installed at "
              + cli
              + ": run `mvn -pl local generate-resources` "
              + "(or `npm install` in local/)");
    }
    int chosen = port == 0 ? Ports.free() : port;
    List<String> command =
        new ArrayList<>(
            List.of(
                "node",
                cli.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(chosen),
                "--createTableMs",
                "0",
                "--deleteTableMs",
                "0",
                "--updateTableMs",
                "0"));
    if (dataDir.isPresent()) {
      Files.createDirectories(dataDir.get());
      command.add("--path");
      command.add(dataDir.get().toString());
    }
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    // a child process outlives a JVM that exits without closing it: make sure it does not
    Thread reaper = new Thread(process::destroyForcibly, "dynalite-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      Ports.awaitListening(chosen, Duration.ofSeconds(20), process, "dynalite");
    } catch (RuntimeException | Error e) {
      process.destroyForcibly();
      throw e;
    }
    return new Dynalite(process, chosen);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
