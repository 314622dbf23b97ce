package dev.menagerie.local.cli;

import dev.menagerie.local.api.LocalHttpApi;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.inbox.LocalInbox;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local system that {@code up} and {@code demo} run in this process, and its lifecycle: the
 * local cloud first ({@link #start}), then the HTTP API and the inbox watcher with {@code
 * endpoints.json} ({@link #serve}); {@link #close} stops them in the reverse order (a training job
 * or generator still running first) and removes {@code endpoints.json}. One shutdown hook, set by
 * {@link #serve}, closes it on Ctrl-C or SIGTERM; {@link #awaitStop} waits for that.
 */
final class LocalSystem implements AutoCloseable {
  /** The functions re-read the production alias this often here (seconds), not every minute. */
  private static final Map<String, String> FUNCTION_ENVIRONMENT =
      Map.of("MODEL_REFRESH_SECONDS", "2");

  private final LocalCloud cloud;
  private final Path data;
  private final PrintStream out;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private LocalHttpApi api;
  private LocalInbox inbox;

  private LocalSystem(LocalCloud cloud, Path data, PrintStream out) {
    this.cloud = cloud;
    this.data = data;
    this.out = out;
    started.push(cloud);
  }

  /**
   * Starts the local cloud with its state in {@code data} (template parameters {@code parameters});
   * refused when another process runs one on the same data.
   */
  static LocalSystem start(
      Path repoRoot, Path data, Map<String, String> parameters, PrintStream out)
      throws IOException {
    refuseIfRunning(data);
    out.println("Starting the local cloud with state in " + data + " ...");
    return new LocalSystem(LocalCloud.start(repoRoot, Optional.of(data), parameters), data, out);
  }

  LocalCloud cloud() {
    return cloud;
  }

  LocalHttpApi api() {
    return api;
  }

  LocalInbox inbox() {
    return inbox;
  }

  /**
   * Serves the HTTP API on 127.0.0.1:{@code port} (0: any free port), starts the inbox watcher,
   * makes Ctrl-C stop everything from now on, and writes {@code DATA/endpoints.json} so that the
   * CLI works in another terminal.
   */
  Endpoints serve(int port) throws IOException {
    api = LocalHttpApi.start(cloud, port, FUNCTION_ENVIRONMENT);
    started.push(api);
    inbox = LocalInbox.create(cloud, FUNCTION_ENVIRONMENT, LocalInbox.Options.interactive());
    started.push(inbox);
    inbox.start();
    stopOnShutdown();
    Endpoints endpoints = Endpoints.of(cloud, api.url(), ProcessHandle.current().pid());
    endpoints.write(data);
    return endpoints;
  }

  /** Waits until the shutdown hook has stopped everything. */
  void awaitStop() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops what was started, in the reverse order; a second call does nothing. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    // a training job or generator still running (demo, train) goes first; node is the cloud's
    ProcessHandle.current()
        .children()
        .filter(p -> !p.info().command().orElse("").contains("node"))
        .forEach(ProcessHandle::destroy);
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        out.println("Stopping: " + e.getMessage());
      }
    }
    try {
      Files.deleteIfExists(data.resolve(Endpoints.FILE));
    } catch (IOException ignored) {
      // a stale endpoints.json names a dead pid; readers check
    }
  }

  /** Ctrl-C (or SIGTERM) from now on stops everything this process started, children included. */
  private void stopOnShutdown() {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("Stopping ...");
                  close();
                  out.println("Stopped.");
                  out.flush();
                  stopped.countDown();
                }));
    if ("1".equals(System.getenv("MENAGERIE_EXIT_WITH_PARENT"))) {
      // started by a test: stop with it, even if it is killed before it can stop us
      ProcessHandle.current()
          .parent()
          .ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
    }
  }

  /**
   * A second local cloud on the same data would fight the first over its files (dynalite's store is
   * locked, so it failed with "Connection refused"): refused, naming the one running. An
   * endpoints.json whose process has gone is stale and ignored.
   */
  private static void refuseIfRunning(Path data) throws IOException {
    if (!Files.exists(data.resolve(Endpoints.FILE))) {
      return;
    }
    Endpoints running;
    try {
      running = Endpoints.read(data);
    } catch (IOException unreadable) {
      return; // half-written by a process that died: stale
    }
    boolean alive =
        running.pid() != ProcessHandle.current().pid()
            && ProcessHandle.of(running.pid())
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains("menagerie")).orElse(true))
                .isPresent();
    if (alive) {
      throw new IOException(
          "a local cloud is already running with data in "
              + data
              + " (pid "
              + running.pid()
              + ", API "
              + running.apiUrl()
              + "): use it, stop it first (Ctrl-C in its terminal), or start another with --data"
              + " DIR");
    }
  }
}
