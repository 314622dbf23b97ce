package dev.menagerie.training.kernels;

import dev.menagerie.training.arch.Architecture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Picks the convolution kernels for this machine: the fastest layout that computes every
 * convolution of the network correctly (checked in a child JVM by {@link KernelCheck}), at the
 * CPU's own ISA level; SSE4.1 only when no layout passes there.
 *
 * <p>Why: on VMs that report zero CPU cache sizes (this project's development machines) oneDNN's
 * convolution blocking goes wrong above SSE4.1 in the default NCHW layout, while channels-last with
 * 1 × 1 convolutions as a matrix multiply is right and 2–2.5× faster than SSE4.1; machines that
 * report their caches (AWS instances, laptops) pass in every layout and must not be slowed down.
 * The ISA is fixed when oneDNN first runs, so a choice under another ISA than the process's own
 * needs a new process: {@link #needsRelaunch}.
 */
public final class KernelSelection {
  /** The fallback ISA, correct on every machine seen. */
  public static final String SAFE_ISA = "SSE41";

  /** Runs the check under one ISA and reports each layout's verdict. */
  @FunctionalInterface
  public interface Check {
    List<Verdict> run(String isa, Architecture architecture, int batch, List<Kernels.Mode> modes)
        throws IOException;
  }

  /**
   * One layout's result under one ISA.
   *
   * @param stepMillis the fastest whole-network training step, when correct
   * @param detail the first wrong convolution (CIN,H,W,COUT,KH,KW,STRIDE,PH,PW), or why unchecked
   */
  public record Verdict(Kernels.Mode mode, boolean correct, double stepMillis, String detail) {}

  /**
   * What was chosen and why.
   *
   * @param verdicts every layout tried, by ISA
   */
  public record Choice(
      Kernels kernels, String reason, Map<String, List<Verdict>> verdicts, double seconds) {

    /** For the model card: the chosen kernels, the reason and every verdict. */
    public Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("isa", kernels.isa());
      m.put("layout", kernels.channelsLast() ? "channels-last" : "nchw");
      m.put("conv1x1", kernels.matmul1x1() ? "matmul" : "conv");
      m.put("reason", reason);
      m.put("checkSeconds", Math.round(seconds * 10) / 10.0);
      Map<String, Object> tried = new LinkedHashMap<>();
      verdicts.forEach(
          (isa, list) -> {
            Map<String, Object> byMode = new LinkedHashMap<>();
            list.forEach(
                v ->
                    byMode.put(
                        v.mode().label(),
                        v.correct()
                            ? String.format(Locale.ROOT, "ok, %.0f ms/step", v.stepMillis())
                            : "wrong: " + v.detail()));
            tried.put(isa, byMode);
          });
      m.put("checked", tried);
      return m;
    }
  }

  private static final Map<String, Choice> CHOSEN = new ConcurrentHashMap<>();

  private KernelSelection() {}

  /**
   * The kernels for {@code architecture} at {@code batch}. {@code isas} are tried in order (the
   * first is normally the process's own); the first under which any layout passes wins, with its
   * fastest passing layout.
   */
  public static Choice choose(Architecture architecture, int batch, List<String> isas, Check check)
      throws IOException {
    long start = System.nanoTime();
    Map<String, List<Verdict>> tried = new LinkedHashMap<>();
    for (String isa : isas) {
      List<Verdict> verdicts = check.run(isa, architecture, batch, List.of(Kernels.Mode.values()));
      tried.put(isa, verdicts);
      Optional<Verdict> fastest =
          verdicts.stream()
              .filter(Verdict::correct)
              .min(Comparator.comparingDouble(Verdict::stepMillis));
      if (fastest.isPresent()) {
        Kernels kernels = fastest.get().mode().at(isa);
        return new Choice(
            kernels,
            reason(kernels, isa, verdicts, tried),
            tried,
            (System.nanoTime() - start) / 1e9);
      }
    }
    throw new IllegalStateException(
        "no convolution kernels computed this network's convolutions correctly on this CPU under "
            + isas
            + ": "
            + tried
            + "; the training would produce a useless model");
  }

  /**
   * The choice for a training job in this process: from {@link Kernels#ENVIRONMENT} when a parent
   * chose already, otherwise checked now (and kept for later jobs of the same network in this JVM).
   * With {@code mayRelaunch} the check also tries {@link #SAFE_ISA} and the caller must relaunch
   * the job when {@link #needsRelaunch} says so; without it only this process's ISA is tried.
   */
  public static Choice forJob(Architecture architecture, int batch, boolean mayRelaunch)
      throws IOException {
    String inherited = System.getenv(Kernels.ENVIRONMENT);
    if (inherited != null && !inherited.isBlank()) {
      Kernels kernels = Kernels.decode(inherited.trim());
      return new Choice(
          kernels,
          "chosen by the parent process (" + Kernels.ENVIRONMENT + "=" + inherited.trim() + ")",
          Map.of(),
          0);
    }
    List<String> isas = new ArrayList<>(List.of(Kernels.processIsa()));
    if (mayRelaunch && System.getenv("ONEDNN_MAX_CPU_ISA") == null) {
      isas.add(SAFE_ISA); // an ISA the user set is kept as it is
    }
    String key = isas + "/" + architecture.width() + "/" + architecture.inputSize() + "/" + batch;
    Choice cached = CHOSEN.get(key);
    if (cached != null) {
      return cached;
    }
    Choice choice =
        chooseOrRecall(
            key,
            KernelCache.fromEnvironment(),
            () -> choose(architecture, batch, isas, KernelSelection::checkInChildJvm));
    CHOSEN.put(key, choice);
    return choice;
  }

  /** The check's answer for {@code key}: from {@code cache} when it holds one, else checked now. */
  static Choice chooseOrRecall(String key, Optional<KernelCache> cache, CheckNow check)
      throws IOException {
    Optional<Choice> kept = cache.flatMap(c -> c.read(key));
    if (kept.isPresent()) {
      return kept.get();
    }
    Choice choice = check.run();
    if (cache.isPresent()) {
      cache.get().write(key, choice);
    }
    return choice;
  }

  /** A check to run when nothing is kept. */
  @FunctionalInterface
  interface CheckNow {
    Choice run() throws IOException;
  }

  /** True when {@code choice} needs a process under another ISA than this one's. */
  public static boolean needsRelaunch(Choice choice) {
    return !choice.kernels().isa().equals(Kernels.processIsa());
  }

  /**
   * Runs {@code mainClass} with {@code args} in a new JVM (this JVM's options and class path) under
   * the chosen kernels' ISA, with the choice passed in {@link Kernels#ENVIRONMENT}; its output goes
   * to this process's. Returns its exit code.
   */
  public static int relaunch(Choice choice, String mainClass, String[] args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    setIsa(builder.environment(), choice.kernels().isa());
    builder.environment().put(Kernels.ENVIRONMENT, choice.kernels().encode());
    Process process = builder.start();
    try {
      return process.waitFor();
    } finally {
      process.destroy();
    }
  }

  /** The real check: {@link KernelCheck} in a child JVM under {@code isa}. */
  static List<Verdict> checkInChildJvm(
      String isa, Architecture architecture, int batch, List<Kernels.Mode> modes)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-Xmx2g");
    // the same engine settings as the job: thread counts change oneDNN's blocking
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            name -> {
              if (name.startsWith("ai.djl.") || name.equals("DJL_CACHE_DIR")) {
                command.add("-D" + name + "=" + System.getProperty(name));
              }
            });
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(KernelCheck.class.getName());
    command.add(Float.toString(architecture.width()));
    command.add(Integer.toString(architecture.inputSize()));
    command.add(Integer.toString(batch));
    modes.forEach(m -> command.add(m.label()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    setIsa(builder.environment(), isa);
    builder.environment().remove(Kernels.ENVIRONMENT);
    builder.environment().putIfAbsent("TORCH_CPP_LOG_LEVEL", "ERROR");
    Process process = builder.start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    }
    int exit;
    try {
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException("the kernel check did not finish in 10 minutes");
      }
      exit = process.exitValue();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while checking the kernels", e);
    }
    return verdicts(lines, modes, exit);
  }

  /**
   * The verdicts in the check's output. A layout the output does not judge (the JVM died while
   * checking it, or before) is not correct, with the exit status and the last line as the detail.
   */
  static List<Verdict> verdicts(List<String> lines, List<Kernels.Mode> modes, int exit) {
    Map<Kernels.Mode, Verdict> found = new LinkedHashMap<>();
    for (String line : lines) {
      if (!line.startsWith(KernelCheck.MODE_LINE)) {
        continue;
      }
      String[] parts = line.substring(KernelCheck.MODE_LINE.length()).trim().split(" ");
      if (parts.length < 3) {
        continue;
      }
      Kernels.Mode mode = Kernels.Mode.ofLabel(parts[0]);
      boolean pass = parts[1].equals("pass");
      found.put(
          mode,
          new Verdict(
              mode,
              pass,
              pass ? Double.parseDouble(parts[2]) : Double.NaN,
              pass ? "" : "convolution " + parts[2]));
    }
    String last = lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    List<Verdict> result = new ArrayList<>();
    for (Kernels.Mode mode : modes) {
      result.add(
          found.getOrDefault(
              mode,
              new Verdict(
                  mode,
                  false,
                  Double.NaN,
                  "the check's JVM exited with status "
                      + exit
                      + " before judging it; last line: "
                      + last)));
    }
    return result;
  }

  private static String reason(
      Kernels chosen, String isa, List<Verdict> verdicts, Map<String, List<Verdict>> tried) {
    StringBuilder b = new StringBuilder();
    if (tried.size() > 1) {
      b.append("no layout was correct under ").append(tried.keySet().iterator().next());
      b.append("; ");
    }
    b.append("fastest correct layout under ISA ").append(isa).append(" (one thread: ");
    List<String> parts = new ArrayList<>();
    for (Verdict v : verdicts) {
      parts.add(
          v.mode().label()
              + (v.correct()
                  ? String.format(Locale.ROOT, " %.0f ms/step", v.stepMillis())
                  : " wrong at " + v.detail()));
    }
    b.append(String.join("; ", parts)).append(")");
    return b.toString();
  }

  private static void setIsa(Map<String, String> environment, String isa) {
    if (Kernels.UNCAPPED.equals(isa)) {
      environment.remove("ONEDNN_MAX_CPU_ISA");
    } else {
      environment.put("ONEDNN_MAX_CPU_ISA", isa);
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
