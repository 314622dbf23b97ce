package dev.menagerie.local.cloud;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the output of the functions running in this JVM goes. On Lambda a function's stdout is its
 * CloudWatch log stream: Powertools writes its JSON log lines and its EMF metric blobs there, and
 * nothing here changes that. Locally those lines would land between a command's progress lines, so
 * a session with a data directory routes this JVM's stdout through a {@link LogRouter}: a
 * function's lines to {@code DATA/logs/FunctionId.log}, what no function wrote (the emulators, the
 * local runners) to {@code DATA/logs/local-cloud.log}. The commands print through the stdout they
 * were given at start, which stays the console. {@code --verbose} or {@code MENAGERIE_VERBOSE=1}
 * leaves everything on the console.
 *
 * <p>The local invokers (the HTTP API, the state machines' task server, the inbox's event source,
 * the rollups) create and invoke each handler {@link #in} its function, which names the function
 * for the thread and for the threads the handler starts.
 */
public final class FunctionLogs {
  /** Set to 1 (or true), the functions' output stays on the console, as with --verbose. */
  public static final String VERBOSE_VARIABLE = "MENAGERIE_VERBOSE";

  /** The directory under the data directory that holds the files. */
  public static final String DIRECTORY = "logs";

  private static final InheritableThreadLocal<String> FUNCTION = new InheritableThreadLocal<>();
  private static boolean verbose = isSet(System.getenv(VERBOSE_VARIABLE));
  private static Path routedTo;

  private FunctionLogs() {}

  /** From now on the functions' output stays on the console (--verbose). */
  public static synchronized void keepOnConsole() {
    verbose = true;
  }

  /**
   * Sends this JVM's stdout to files under {@code dataDir/logs} from now on (the first call decides
   * the directory); the directory, or empty when the console keeps the output (verbose).
   */
  public static synchronized Optional<Path> routeUnder(Path dataDir) {
    if (verbose) {
      return Optional.empty();
    }
    if (routedTo == null) {
      Path directory = dataDir.resolve(DIRECTORY).toAbsolutePath().normalize();
      LogRouter router = new LogRouter(directory, FunctionLogs::current, System.err);
      System.setOut(new PrintStream(router, true, StandardCharsets.UTF_8));
      routedTo = directory;
    }
    return Optional.of(routedTo);
  }

  /**
   * Runs the calling thread as {@code functionId} until the scope is closed: what it (or a thread
   * it starts) prints to stdout is that function's output.
   */
  public static Scope in(String functionId) {
    String previous = FUNCTION.get();
    FUNCTION.set(functionId);
    return () -> {
      if (previous == null) {
        FUNCTION.remove();
      } else {
        FUNCTION.set(previous);
      }
    };
  }

  /** The function the calling thread runs, if any. */
  static Optional<String> current() {
    return Optional.ofNullable(FUNCTION.get());
  }

  private static boolean isSet(String value) {
    return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
  }

  /** A function's scope on a thread; closing it gives the thread back what it ran before. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
