package dev.menagerie.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ./menagerie bench [--quick] [--only SECTION,...]}: runs the performance suite, prints the
 * Markdown table and writes {@code benchmarks/results/latest.json} (and {@code latest.md}).
 * Sections: decode, inference, coldstart (with memory), bulk, int8, reports, training. A section
 * that fails leaves its figures null, says why, and the rest still runs.
 */
public final class Bench {
  static final List<String> SECTIONS =
      List.of(
          "decode",
          "inference",
          "coldstart",
          "bulk",
          "int8",
          "reports",
          "training",
          "warmstart",
          "warmstart-synthetic");

  /** Sections run only when named in --only (long: several training runs). */
  static final Set<String> OPT_IN = Set.of("warmstart", "warmstart-synthetic");

  static final String USAGE =
      """
      Usage: ./menagerie bench [--quick] [--only SECTION[,SECTION...]]

      Runs the performance suite and prints a Markdown table; writes benchmarks/results/latest.json
      and latest.md. Every figure is a ratio against a peer measured in the same run.
        --quick    fewer repetitions and a smaller reports data set
                   (5-10 minutes rather than 20-30 on 2 shared cores)
        --only     run only these sections: %s
                   (warmstart and warmstart-synthetic, the warm start over rounds on the real
                   photos and on a synthetic library, run only when named: 6-15 minutes each)
      """
          .formatted(String.join(", ", SECTIONS));

  private Bench() {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Set<String> only = new LinkedHashSet<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--only" -> {
          if (i + 1 >= args.length) {
            usage("--only needs a value");
          }
          for (String s : args[++i].split(",")) {
            if (!SECTIONS.contains(s)) {
              usage("unknown section '" + s + "'");
            }
            only.add(s);
          }
        }
        case "-h", "--help" -> {
          System.out.print(USAGE);
          return;
        }
        default -> usage("unexpected argument '" + args[i] + "'");
      }
    }
    Path repo = Path.of(System.getProperty("menagerie.repo", ".")).toAbsolutePath().normalize();
    Path work = Files.createDirectories(repo.resolve("benchmarks/target/bench-work"));
    Options options = new Options(quick, only, repo, work);
    System.exit(run(options));
  }

  private static void usage(String problem) {
    System.err.println("bench: " + problem);
    System.err.print(USAGE);
    System.exit(2);
  }

  static int run(Options options) throws Exception {
    PrintStream console = System.out;
    Machine machine = Machine.current();
    String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Results results = new Results();
    // the functions print their metrics (EMF) to stdout as on Lambda: keep that off the table
    Path log = options.work().resolve("functions-stdout.log");
    System.setOut(
        new PrintStream(new FileOutputStream(log.toFile(), false), true, StandardCharsets.UTF_8));
    int failures = 0;
    // the GEMM peak: measured once, by the first section that divides by it
    GemmPeak gemm = new GemmPeak(options, results);
    try {
      failures +=
          section(options, results, console, "decode", () -> DecodeBench.run(options, results));
      boolean needsModel =
          options.runs("inference")
              || options.runs("coldstart")
              || options.runs("bulk")
              || options.runs("int8");
      FullModel model = null;
      BenchCloud cloud = null;
      try {
        if (needsModel) {
          console.println(
              "bench: building full Inception V4 (DJL, random weights) and its ONNX graph");
          long t0 = System.nanoTime();
          model = FullModel.build();
          console.printf(
              "bench: model ready in %.0f s (%.1f GFLOP per image, %d MiB ONNX)%n",
              (System.nanoTime() - t0) / 1e9,
              model.flopsPerImage() / 1e9,
              model.onnx().length / 1048576);
          cloud = BenchCloud.start(options.repoRoot(), model);
        }
        FullModel m = model;
        BenchCloud c = cloud;
        failures +=
            section(
                options,
                results,
                console,
                "inference",
                () -> InferenceBench.run(options, m, c, gemm, results));
        failures +=
            section(
                options,
                results,
                console,
                "coldstart",
                () -> ColdStartBench.run(options, c, results));
        failures +=
            section(options, results, console, "bulk", () -> BulkBench.run(options, c, m, results));
        failures +=
            section(options, results, console, "int8", () -> Int8Bench.run(options, m, c, results));
        if (model != null) {
          model.close();
          model = null;
        }
        if (options.runs("reports")) {
          if (cloud == null) {
            cloud = BenchCloud.startEmpty(options.repoRoot());
          }
          BenchCloud rc = cloud;
          failures +=
              section(
                  options,
                  results,
                  console,
                  "reports",
                  () -> ReportsBench.run(options, rc.cloud(), results));
        }
      } finally {
        if (cloud != null) {
          cloud.close();
        }
        if (model != null) {
          model.close();
        }
      }
      failures +=
          section(
              options,
              results,
              console,
              "training",
              () -> TrainingBench.run(options, gemm, results));
      if (options.only().contains("warmstart")) {
        failures +=
            section(
                options,
                results,
                console,
                "warmstart",
                () -> WarmStartRoundsBench.run(options, results));
      } else if (options.runs("training")) {
        TrainingBench.warmStart(options, results);
      }
      if (options.only().contains("warmstart-synthetic")) {
        failures +=
            section(
                options,
                results,
                console,
                "warmstart-synthetic",
                () -> WarmStartRoundsBench.runSynthetic(options, results));
      }
    } finally {
      System.out.flush();
      System.setOut(console);
    }
    Path dir = options.repoRoot().resolve("benchmarks/results");
    if (!options.only().isEmpty() && Files.exists(dir.resolve("latest.json"))) {
      results.keepEarlier(new ObjectMapper().readTree(dir.resolve("latest.json").toFile()));
    }
    for (String key : Results.TRACKED) {
      if (results.figure(key) == null) {
        results.notMeasured(key, "its section was not run (--only) or failed: see the notes");
      }
    }
    String table = results.markdown(machine, date, options.quick());
    console.println();
    console.print(table);
    results.writeJson(dir.resolve("latest.json"), machine, date, options.quick());
    Files.writeString(dir.resolve("latest.md"), table);
    console.println();
    console.println("bench: wrote " + dir.resolve("latest.json") + " and latest.md");
    return failures == 0 ? 0 : 1;
  }

  private interface Section {
    void run() throws Exception;
  }

  private static int section(
      Options options, Results results, PrintStream console, String name, Section section) {
    if (!options.runs(name)) {
      return 0;
    }
    console.println("bench: " + name + " ... (load average " + Machine.currentLoadAverage() + ")");
    long t0 = System.nanoTime();
    try {
      section.run();
      console.printf("bench: %s done in %.0f s%n", name, (System.nanoTime() - t0) / 1e9);
      return 0;
    } catch (Exception | Error e) {
      console.println("bench: " + name + " FAILED: " + e);
      e.printStackTrace(console);
      results.note(name + " failed: " + e.toString().lines().findFirst().orElse("") + ".");
      return 1;
    }
  }
}
