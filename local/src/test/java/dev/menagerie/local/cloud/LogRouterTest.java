package dev.menagerie.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a local session's stdout becomes: one file per function, the console kept for people. */
class LogRouterTest {
  @TempDir Path data;

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private LogRouter router;
  private PrintStream stdout;

  @BeforeEach
  void route() {
    router =
        new LogRouter(
            data.resolve("logs"),
            FunctionLogs::current,
            new PrintStream(console, true, StandardCharsets.UTF_8));
    stdout = new PrintStream(router, true, StandardCharsets.UTF_8);
  }

  @Test
  void linesWrittenInAFunction_shouldGoToItsFile_andTheRestToTheLocalCloudsFile() throws Exception {
    // GIVEN two functions printing on threads of their own, and a thread that runs none
    Thread classify = printing("ClassifyFunction", "{\"level\":\"INFO\",\"message\":\"c\"}");
    Thread bulk = printing("BulkFunction", "{\"_aws\":{\"Timestamp\":1},\"BulkImages\":3}");
    classify.start();
    bulk.start();
    classify.join();
    bulk.join();
    stdout.println("Started S3Mock");

    // THEN each line is in its own file, whole, and the console only says where they are, once
    assertThat(Files.readAllLines(router.fileOf("ClassifyFunction")))
        .containsExactly("{\"level\":\"INFO\",\"message\":\"c\"}");
    assertThat(Files.readAllLines(router.fileOf("BulkFunction")))
        .containsExactly("{\"_aws\":{\"Timestamp\":1},\"BulkImages\":3}");
    assertThat(Files.readAllLines(router.fileOf(LogRouter.LOCAL_CLOUD)))
        .containsExactly("Started S3Mock");
    String said = console.toString(StandardCharsets.UTF_8);
    assertThat(said.lines()).hasSize(1);
    assertThat(said).contains(data.resolve("logs").toString()).contains("--verbose");
  }

  @Test
  void aLineWrittenInPieces_shouldStayWholeWhileAnotherThreadWrites() throws Exception {
    // GIVEN a function that has written half a line (Log4j writes a long event in pieces)
    CountDownLatch halfWritten = new CountDownLatch(1);
    CountDownLatch otherDone = new CountDownLatch(1);
    Thread classify =
        new Thread(
            () -> {
              try (FunctionLogs.Scope in = FunctionLogs.in("ClassifyFunction")) {
                stdout.print("{\"level\":\"WARN\",");
                halfWritten.countDown();
                otherDone.await();
                stdout.print("\"message\":\"slow\"}\n");
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    classify.start();
    halfWritten.await();
    // WHEN another function writes a line meanwhile
    Thread rollup = printing("RollupFunction", "rolled up");
    rollup.start();
    rollup.join();
    otherDone.countDown();
    classify.join();
    // THEN neither line is cut into the other
    assertThat(Files.readAllLines(router.fileOf("ClassifyFunction")))
        .containsExactly("{\"level\":\"WARN\",\"message\":\"slow\"}");
    assertThat(Files.readAllLines(router.fileOf("RollupFunction"))).containsExactly("rolled up");
  }

  @Test
  void anErrorLine_shouldBeSummedUpOnTheConsole_withTheFileItIsIn() throws Exception {
    // GIVEN a function that logs an error with an exception, and one that logs a warning
    Thread failing =
        printing(
            "BulkFunction",
            "{\"level\":\"ERROR\",\"message\":\"the bulk handler threw\","
                + "\"error\":{\"message\":\"table gone\",\"name\":\"ResourceNotFound\"}}");
    failing.start();
    failing.join();
    Thread warning = printing("BulkFunction", "{\"level\":\"WARN\",\"message\":\"slow batch\"}");
    warning.start();
    warning.join();
    // THEN the error is one plain line on the console naming the function and its file; the
    // warning stays in the file
    String said = console.toString(StandardCharsets.UTF_8);
    assertThat(said)
        .contains(
            "menagerie: BulkFunction logged an error: the bulk handler threw: table gone (in "
                + router.fileOf("BulkFunction")
                + ")")
        .doesNotContain("slow batch")
        .doesNotContain("{");
    assertThat(Files.readAllLines(router.fileOf("BulkFunction"))).hasSize(2);
  }

  @Test
  void errorMessage_shouldReadOnlyJsonLinesAtErrorOrFatal() {
    assertThat(LogRouter.errorMessage(bytes("{\"level\":\"FATAL\",\"message\":\"down\"}")))
        .contains("down");
    assertThat(LogRouter.errorMessage(bytes("{\"level\":\"INFO\",\"message\":\"ERROR\"}")))
        .isEmpty();
    assertThat(LogRouter.errorMessage(bytes("{\"level\":\"ERROR\", not json"))).isEmpty();
    assertThat(LogRouter.errorMessage(bytes("\"level\":\"ERROR\""))).isEmpty();
  }

  private Thread printing(String function, String line) {
    return new Thread(
        () -> {
          try (FunctionLogs.Scope in = FunctionLogs.in(function)) {
            stdout.println(line);
          }
        });
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
