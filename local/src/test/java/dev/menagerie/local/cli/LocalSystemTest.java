package dev.menagerie.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local system's lifecycle: started in order, served, closed in reverse, once. */
class LocalSystemTest {
  @Test
  void close_shouldStopWhatServeStartedAndRemoveEndpoints(@TempDir Path data) throws Exception {
    // GIVEN a local system serving its API
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    LocalSystem system = LocalSystem.start(RepositoryRoot.path(), data, Map.of(), out);
    URI api;
    try {
      Endpoints endpoints = system.serve(0);
      api = URI.create(endpoints.apiUrl());
      // THEN endpoints.json names it (RestartTest, in tests/, has another process refused on it)
      assertThat(Endpoints.read(data)).isEqualTo(endpoints);
      assertThat(answers(api)).isTrue();
    } finally {
      // WHEN it is closed (twice: the shutdown hook may follow a failed start's close)
      system.close();
      system.close();
    }
    // THEN the API no longer answers and endpoints.json is gone
    assertThat(answers(api)).isFalse();
    assertThat(Files.exists(data.resolve(Endpoints.FILE))).isFalse();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("Starting the local cloud with state in " + data);
  }

  private static boolean answers(URI api) {
    try (Socket ignored = new Socket(api.getHost(), api.getPort())) {
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
