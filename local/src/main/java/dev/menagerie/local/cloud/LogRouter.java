package dev.menagerie.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The stream that stands in for stdout in a local session: each complete line goes to the file of
 * the function the writing thread runs ({@code DIR/FunctionId.log}), or to {@code
 * DIR/local-cloud.log} when it runs none. Lines are gathered per thread, so a log event that Log4j
 * writes in several pieces (a long stack trace) stays whole and goes to one file. The first line of
 * a function is announced once on the console; a JSON line at level ERROR or FATAL is summed up
 * there too, since the console keeps the errors.
 */
final class LogRouter extends OutputStream {
  /** The file of what no function wrote: the emulators' and the local runners' own lines. */
  static final String LOCAL_CLOUD = "local-cloud";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SUMMARY_CHARS = 200;

  private final Path directory;
  private final Supplier<Optional<String>> currentFunction;
  private final PrintStream console;
  private final ThreadLocal<ByteArrayOutputStream> pending =
      ThreadLocal.withInitial(ByteArrayOutputStream::new);
  private final Map<String, OutputStream> files = new HashMap<>();
  private boolean announced;

  /**
   * @param directory where the files go (created on the first line)
   * @param currentFunction the function the calling thread runs, if any
   * @param console where the one notice and the error summaries are printed (stderr)
   */
  LogRouter(Path directory, Supplier<Optional<String>> currentFunction, PrintStream console) {
    this.directory = directory;
    this.currentFunction = currentFunction;
    this.console = console;
  }

  /** The file a function's lines go to. */
  Path fileOf(String name) {
    return directory.resolve(name + ".log");
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    ByteArrayOutputStream line = pending.get();
    int start = offset;
    for (int i = offset; i < offset + length; i++) {
      if (bytes[i] == '\n') {
        line.write(bytes, start, i + 1 - start);
        route(line.toByteArray());
        line.reset();
        start = i + 1;
      }
    }
    line.write(bytes, start, offset + length - start);
  }

  private void route(byte[] line) {
    Optional<String> function = currentFunction.get();
    String name = function.orElse(LOCAL_CLOUD);
    try {
      OutputStream file = files.get(name);
      if (file == null) {
        Files.createDirectories(directory);
        file =
            Files.newOutputStream(
                fileOf(name), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        files.put(name, file);
      }
      file.write(line);
      file.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + fileOf(name), e);
    }
    if (function.isPresent() && !announced) {
      announced = true;
      console.println(
          "menagerie: the functions' logs and metrics go to "
              + directory
              + "/ (one file per function: "
              + fileOf(name).getFileName()
              + ", ...); --verbose or "
              + FunctionLogs.VERBOSE_VARIABLE
              + "=1 prints them here instead.");
    }
    errorMessage(line)
        .ifPresent(
            message ->
                console.println(
                    "menagerie: "
                        + function.orElse("the local cloud")
                        + " logged an error: "
                        + message
                        + " (in "
                        + fileOf(name)
                        + ")"));
  }

  /** The message of a JSON log line at level ERROR or FATAL (shortened); else empty. */
  static Optional<String> errorMessage(byte[] line) {
    String text = new String(line, StandardCharsets.UTF_8).strip();
    if (!text.startsWith("{")
        || !(text.contains("\"level\":\"ERROR\"") || text.contains("\"level\":\"FATAL\""))) {
      return Optional.empty();
    }
    JsonNode event;
    try {
      event = JSON.readTree(text);
    } catch (IOException notJson) {
      return Optional.empty();
    }
    String level = event.path("level").asText();
    if (!level.equals("ERROR") && !level.equals("FATAL")) {
      return Optional.empty();
    }
    String message = event.path("message").asText("");
    String error = event.path("error").path("message").asText("");
    if (!error.isEmpty() && !message.contains(error)) {
      message = message + ": " + error;
    }
    if (message.length() > SUMMARY_CHARS) {
      message = message.substring(0, SUMMARY_CHARS) + " ...";
    }
    return Optional.of(message);
  }

  @Override
  public synchronized void flush() {
    // lines are written as they end; a part line waits for its end
  }

  @Override
  public synchronized void close() throws IOException {
    for (OutputStream file : files.values()) {
      file.close();
    }
    files.clear();
  }
}
