package dev.menagerie.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.menagerie.tests.template.RepositoryRoot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./menagerie doctor}, run by its launcher as a user would: every prerequisite of demo, up,
 * bench and the tests is reported with a state and, when not ok, a fix; the exit status says
 * whether the demo's items are all there. On a PATH stripped of Node, Maven and the test tools, and
 * with the API's port taken, the same command reports them missing and exits 1.
 */
class DoctorCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every item the issue asks for, written out here so that a dropped check fails this test. */
  private static final List<String> ITEMS =
      List.of(
          "java",
          "maven",
          "node",
          "npm",
          "node22",
          "cfn-lint",
          "aws-sam-translator",
          "moto_server",
          "chromium",
          "pillow",
          "port",
          "disk",
          "kernels");

  private static final Set<String> STATES =
      Set.of("ok", "missing", "wrong version", "in use", "low", "failed", "not checked");

  @TempDir Path dir;

  @Test
  void doctor_onThisMachine_shouldReportEveryItemAndExitByTheDemoItems() throws Exception {
    // GIVEN this machine, with a free port for the API
    int port = freePort();

    // WHEN the doctor runs every check, the kernel check included
    Run run = doctor(Map.of(), "--json", "--port", Integer.toString(port), "--data", dir + "/data");

    // THEN every item is reported once, in order, with a known state and a fix when not ok
    JsonNode report = run.json();
    List<JsonNode> items = StreamSupport.stream(report.get("items").spliterator(), false).toList();
    assertThat(items).extracting(i -> i.get("item").asText()).containsExactlyElementsOf(ITEMS);
    for (JsonNode item : items) {
      assertThat(STATES).as(item.toString()).contains(item.get("state").asText());
      assertThat(item.get("detail").asText()).as(item.toString()).isNotBlank();
      assertThat(item.get("neededBy")).as(item.toString()).isNotEmpty();
      if (!item.get("state").asText().equals("ok")) {
        assertThat(item.get("fix").asText()).as(item.toString()).isNotBlank();
      }
    }
    // AND the kernel check ran to its verdict: the kernels it would pick, or that none is correct
    // on this CPU (not a check that could not start)
    JsonNode kernels = items.get(ITEMS.indexOf("kernels"));
    if (kernels.get("state").asText().equals("ok")) {
      assertThat(kernels.get("detail").asText()).contains("would pick", "checked in");
    } else {
      assertThat(kernels.get("state").asText()).as(kernels.toString()).isEqualTo("failed");
      assertThat(kernels.get("detail").asText()).startsWith("no convolution kernels computed");
    }
    // AND the exit status is 0 exactly when every item the demo needs is there
    boolean demoItemsOk =
        items.stream()
            .filter(i -> i.get("neededBy").toString().contains("demo/up"))
            .allMatch(i -> Set.of("ok", "not checked").contains(i.get("state").asText()));
    assertThat(report.get("demoCanRun").asBoolean()).isEqualTo(demoItemsOk);
    assertThat(run.exit()).as(run.output()).isEqualTo(demoItemsOk ? 0 : 1);
  }

  @Test
  void doctor_inText_shouldPrintOneLinePerItemAndASummary() throws Exception {
    Run run = doctor(Map.of(), "--skip-kernels", "--port", "0", "--data", dir + "/data");

    List<String> lines = run.output().strip().lines().toList();
    for (String item : ITEMS) {
      assertThat(lines)
          .as(run.output())
          .filteredOn(l -> l.matches("^[a-z ]+ +" + item + " .*"))
          .hasSize(1);
    }
    assertThat(lines.get(lines.size() - 1)).startsWith("The demo can");
  }

  @Test
  void doctor_withoutNodeMavenOrTheTestTools_shouldSayWhatToInstallAndExit1() throws Exception {
    // GIVEN a PATH with only what the launcher itself runs: bash, dirname, cat and java
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String tool : List.of("bash", "dirname", "cat")) {
      Files.createSymbolicLink(bin.resolve(tool), which(tool));
    }
    Files.createSymbolicLink(
        bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));

    // WHEN the doctor runs on it
    Run run;
    try {
      run =
          doctor(
              Map.of("PATH", bin.toString()),
              "--json",
              "--skip-kernels",
              "--port",
              "0",
              "--data",
              dir + "/data");
    } finally {
      try (var links = Files.list(bin)) {
        for (Path link : links.toList()) {
          Files.delete(link); // the links, not what they point at
        }
      }
    }

    // THEN Node, npm, Maven and the tests' tools are missing, each with its install command
    Map<String, JsonNode> items = run.itemsByName();
    assertThat(items.get("node").get("state").asText()).isEqualTo("missing");
    assertThat(items.get("node").get("fix").asText()).contains("sudo apt-get install nodejs");
    assertThat(items.get("npm").get("state").asText()).isEqualTo("missing");
    assertThat(items.get("maven").get("fix").asText()).contains("sudo apt-get install maven");
    assertThat(items.get("moto_server").get("fix").asText())
        .contains("pip install 'moto[server]==5.2.1'");
    assertThat(items.get("cfn-lint").get("fix").asText()).contains("pip install 'cfn-lint==");
    assertThat(items.get("chromium").get("state").asText()).isEqualTo("missing");
    // AND the demo cannot run, so the exit status is 1
    assertThat(run.json().get("demoCanRun").asBoolean()).isFalse();
    assertThat(run.exit()).as(run.output()).isEqualTo(1);
  }

  @Test
  void doctor_withTheApiPortTaken_shouldSayInUseAndExit1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run run =
          doctor(
              Map.of(),
              "--json",
              "--skip-kernels",
              "--port",
              Integer.toString(taken.getLocalPort()),
              "--data",
              dir + "/data");

      JsonNode port = run.itemsByName().get("port");
      assertThat(port.get("state").asText()).isEqualTo("in use");
      assertThat(port.get("fix").asText()).contains("--port");
      assertThat(run.exit()).as(run.output()).isEqualTo(1);
    }
  }

  @Test
  void doctorHelp_shouldListItsOptionsAndExitCodes() throws Exception {
    Run help = doctor(Map.of(), "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.output())
        .contains("Usage: ./menagerie doctor", "--data=DIR", "--skip-kernels", "Exit status 0");

    Run wrong = doctor(Map.of(), "now");
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.output()).contains("doctor takes no arguments");
  }

  private record Run(int exit, String output) {
    /** --json prints one JSON document on its last line. */
    JsonNode json() throws IOException {
      List<String> lines = output.strip().lines().toList();
      return JSON.readTree(lines.get(lines.size() - 1));
    }

    Map<String, JsonNode> itemsByName() throws IOException {
      Map<String, JsonNode> byName = new java.util.LinkedHashMap<>();
      json().get("items").forEach(i -> byName.put(i.get("item").asText(), i));
      return byName;
    }
  }

  /** {@code ./menagerie doctor ARGS} without a rebuild, with {@code environment} on top. */
  private Run doctor(Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(RepositoryRoot.path().resolve("menagerie").toString());
    command.add("doctor");
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "doctor-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("MENAGERIE_NO_BUILD", "1");
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("./menagerie doctor did not end in 10 minutes");
    }
    String output = Files.readString(log);
    System.out.println("$ ./menagerie doctor " + String.join(" ", args) + "\n" + output);
    return new Run(process.exitValue(), output);
  }

  private static Path which(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(d, tool);
      if (!d.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(tool + " is not on the PATH");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
