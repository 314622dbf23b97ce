package dev.menagerie.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures 3 and 6: a fresh JVM to the first classification with the full model (and where the time
 * goes), the effect of the SnapStart priming run, and the peak resident memory of that process
 * after a few requests. The child runs with {@code -XX:MaxRAM} set to the template's classify
 * memory, so the JVM sizes its heap as in that Lambda container.
 */
final class ColdStartBench {
  static final String COLD = "3. Cold start (fresh JVM, full model from local S3)";
  static final String MEMORY = "6. Memory";

  private ColdStartBench() {}

  static void run(Options options, BenchCloud cloud, Results results) throws Exception {
    Path jpeg = BenchCloud.writeRequestJpeg(options, cloud.requestJpeg());
    int memoryMb = classifyMemoryMb(options.repoRoot());
    int handlerRuns = options.reps(1, 3);
    int stepRuns = options.reps(1, 2);
    List<Child> handlerChildren = new ArrayList<>();
    List<Child> stepChildren = new ArrayList<>();
    for (int i = 0; i < Math.max(handlerRuns, stepRuns); i++) {
      if (i < handlerRuns) {
        handlerChildren.add(child(cloud, memoryMb, "handler", jpeg.toString(), "6"));
      }
      if (i < stepRuns) {
        stepChildren.add(child(cloud, memoryMb, "steps", jpeg.toString()));
      }
    }
    double coldSeconds =
        median(handlerChildren, c -> (c.at("firstResponseAt") - c.spawnAt()) / 1e3);
    double jvmMs = median(handlerChildren, c -> (double) (c.at("mainAt") - c.spawnAt()));
    double initMs = median(handlerChildren, c -> c.ms("initMs"));
    double primedFirstMs = median(handlerChildren, c -> c.ms("firstRequestMs"));
    double warmMs = median(handlerChildren, c -> c.ms("warmRequestMs"));
    double clientsMs = median(stepChildren, c -> c.ms("clientsMs"));
    double fetchMs = median(stepChildren, c -> c.ms("fetchMs"));
    double sessionMs = median(stepChildren, c -> c.ms("sessionMs"));
    double firstDecodeMs = median(stepChildren, c -> c.ms("firstDecodeMs"));
    double firstRunMs = median(stepChildren, c -> c.ms("firstRunMs"));
    double secondRunMs = median(stepChildren, c -> c.ms("secondRunMs"));
    double modelMiB = median(stepChildren, c -> c.ms("modelMiB"));
    double rssMiB = median(handlerChildren, c -> c.ms("peakRssKib") / 1024.0);

    results.figure("cold_start_seconds", coldSeconds);
    results.figure("peak_rss_mib", rssMiB);
    results.detail("cold_start", "children_handler", handlerRuns);
    results.detail("cold_start", "children_steps", stepRuns);
    results.detail("cold_start", "jvm_start_ms", jvmMs);
    results.detail("cold_start", "handler_init_ms", initMs);
    results.detail("cold_start", "first_request_after_priming_ms", primedFirstMs);
    results.detail("cold_start", "warm_request_ms", warmMs);
    results.detail(
        "cold_start", "first_request_timings", handlerChildren.get(0).json.get("firstTimings"));
    results.detail(
        "cold_start", "warm_request_timings", handlerChildren.get(0).json.get("warmTimings"));
    results.detail("cold_start", "clients_ms", clientsMs);
    results.detail("cold_start", "model_fetch_ms", fetchMs);
    results.detail("cold_start", "model_mib", modelMiB);
    results.detail("cold_start", "session_creation_ms", sessionMs);
    results.detail("cold_start", "first_decode_ms", firstDecodeMs);
    results.detail("cold_start", "first_run_unprimed_ms", firstRunMs);
    results.detail("cold_start", "second_run_ms", secondRunMs);
    results.detail("memory", "classify_memory_mb", memoryMb);
    results.detail("memory", "peak_rss_mib", rssMiB);

    results.row(
        COLD,
        "fresh JVM → first classification (no snapshot)",
        Results.num(coldSeconds) + " s",
        "",
        "",
        "≤ 3 s",
        coldSeconds <= 3.0);
    results.row(
        COLD,
        "breakdown: JVM start · SDK clients · model fetch ("
            + Results.num(modelMiB)
            + " MiB) · session · first decode · first run · second run",
        String.format(
            Locale.ROOT,
            "%s · %s · %s · %s · %s · %s · %s ms",
            Results.num(jvmMs),
            Results.num(clientsMs),
            Results.num(fetchMs),
            Results.num(sessionMs),
            Results.num(firstDecodeMs),
            Results.num(firstRunMs),
            Results.num(secondRunMs)),
        "",
        "",
        "",
        null);
    results.row(
        COLD,
        "SnapStart priming: first request after the priming run vs warm request",
        Results.ms(primedFirstMs),
        Results.ms(warmMs),
        Results.ratio(primedFirstMs / warmMs),
        "",
        null);
    results.row(
        COLD,
        "without priming: first run of a fresh session vs second run",
        Results.ms(firstRunMs),
        Results.ms(secondRunMs),
        Results.ratio(firstRunMs / secondRunMs),
        "",
        null);
    results.row(
        MEMORY,
        "peak RSS of a classify JVM, full model, after 6 requests (-XX:MaxRAM=" + memoryMb + "m)",
        Results.num(rssMiB) + " MiB",
        memoryMb + " MB (ClassifyMemorySize)",
        Results.num(100 * rssMiB / memoryMb) + " %",
        "< 100 %",
        rssMiB < memoryMb);
  }

  /**
   * The cold start of another installed model, named by the function's MODEL_VERSION_OVERRIDE: the
   * median over {@code runs} fresh JVMs of spawn to first answer, in seconds.
   */
  static double coldSecondsOf(Options options, BenchCloud cloud, String version, int runs)
      throws Exception {
    Path jpeg = BenchCloud.writeRequestJpeg(options, cloud.requestJpeg());
    int memoryMb = classifyMemoryMb(options.repoRoot());
    List<Child> children = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      children.add(
          child(
              cloud,
              memoryMb,
              Map.of("MODEL_VERSION_OVERRIDE", version),
              "handler",
              jpeg.toString(),
              "2"));
    }
    return median(children, c -> (c.at("firstResponseAt") - c.spawnAt()) / 1e3);
  }

  private record Child(long spawnAt, JsonNode json) {
    long at(String field) {
      return json.get(field).asLong();
    }

    double ms(String field) {
      return json.get(field).asDouble();
    }
  }

  private static double median(List<Child> children, Function<Child, Double> f) {
    return Timer.median(children.stream().map(f).toList());
  }

  private static Child child(BenchCloud cloud, int memoryMb, String... args) throws Exception {
    return child(cloud, memoryMb, Map.of(), args);
  }

  private static Child child(
      BenchCloud cloud, int memoryMb, Map<String, String> environment, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:MaxRAM=" + memoryMb + "m");
    command.add("-Dlog4j2.configurationFile=log4j2-bench.xml");
    String log = System.getProperty("menagerie.bench.log");
    if (log != null) {
      command.add("-Dmenagerie.bench.log=" + log);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ColdStartMain.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.putAll(cloud.classifyEnvironment());
    env.putAll(environment);
    long spawnAt = System.currentTimeMillis();
    Process process = builder.start();
    JsonNode json = null;
    StringBuilder transcript = new StringBuilder();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("BENCH ")) {
          json = new ObjectMapper().readTree(line.substring(6));
        } else if (transcript.length() < 20_000) {
          transcript.append(line).append('\n');
        }
      }
    }
    int code = process.waitFor();
    if (code != 0 || json == null) {
      throw new IllegalStateException(
          "cold-start child " + String.join(" ", args) + " exited " + code + ":\n" + transcript);
    }
    return new Child(spawnAt, json);
  }

  /** ClassifyMemorySize's default in template.yaml. */
  static int classifyMemoryMb(Path repoRoot) throws Exception {
    String template = Files.readString(repoRoot.resolve("template.yaml"));
    Matcher m =
        Pattern.compile("ClassifyMemorySize:\\s*\\n(?:\\s+\\w+:.*\\n)*?\\s+Default:\\s*(\\d+)")
            .matcher(template);
    if (!m.find()) {
      throw new IllegalStateException("no ClassifyMemorySize default in template.yaml");
    }
    return Integer.parseInt(m.group(1));
  }
}
