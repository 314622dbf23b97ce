package dev.menagerie.local.cli;

import dev.menagerie.local.cloud.Ports;
import dev.menagerie.local.sfn.LocalTrainingJob;
import dev.menagerie.local.sfn.TaskFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of {@code ./menagerie doctor}: each looks at one thing that {@code demo}, {@code up},
 * {@code bench} or the tests need on this machine, by running it where it can (a version, a lint of
 * a tiny SAM template, the training job's kernel check) rather than only looking for a file.
 */
final class Checkup {
  /** Who needs an item: its absence stops them. */
  enum Use {
    DEMO("demo/up"),
    TESTS("tests"),
    BENCH("bench");

    final String label;

    Use(String label) {
      this.label = label;
    }
  }

  enum State {
    OK("ok"),
    MISSING("missing"),
    WRONG_VERSION("wrong version"),
    IN_USE("in use"),
    LOW("low"),
    FAILED("failed"),
    NOT_CHECKED("not checked");

    final String label;

    State(String label) {
      this.label = label;
    }
  }

  /** One item's result: what was found, and how to fix it when it is not ok. */
  record Finding(String item, State state, String detail, String fix, Set<Use> neededBy) {
    boolean stopsTheDemo() {
      return neededBy.contains(Use.DEMO) && state != State.OK && state != State.NOT_CHECKED;
    }
  }

  /** The main class in the training module that runs the kernel check and prints its choice. */
  static final String KERNEL_REPORT_MAIN = "dev.menagerie.training.kernels.KernelReport";

  /** Free space the data directory and the temporary directory each need (with a margin). */
  static final long DISK_NEEDED = 1L << 30;

  private static final Set<Use> EVERYONE = Set.of(Use.DEMO, Use.TESTS, Use.BENCH);
  private static final Pattern NUMBERS = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");
  private static final String BUILD_LOCAL = "`mvn -B -q package -DskipTests -pl local -am`";
  private static final String BUILD_TRAINING = "`mvn -B -q package -DskipTests -pl training -am`";

  private final Path repoRoot;
  private final String path;

  /**
   * @param path the PATH to look for programs on (this process's, or a test's)
   */
  Checkup(Path repoRoot, String path) {
    this.repoRoot = repoRoot;
    this.path = path;
  }

  Finding java() {
    Runtime.Version version = Runtime.version();
    Path home = Path.of(System.getProperty("java.home"));
    if (version.feature() < 17) {
      return new Finding(
          "java",
          State.WRONG_VERSION,
          version + " at " + home + "; 17 or later needed",
          "`sudo apt-get install openjdk-17-jdk-headless`, and put its bin/ first on the PATH",
          EVERYONE);
    }
    if (!Files.isExecutable(home.resolve("bin/javac"))) {
      return new Finding(
          "java",
          State.MISSING,
          version + " at " + home + " is a runtime without javac; the build needs a JDK",
          "`sudo apt-get install openjdk-17-jdk-headless`",
          EVERYONE);
    }
    return ok("java", "JDK " + version + " at " + home + " (17+ needed)", EVERYONE);
  }

  Finding maven() {
    Optional<Path> mvn = OutsideTool.MAVEN.find(path);
    if (mvn.isEmpty()) {
      return missing("maven", OutsideTool.MAVEN, "the launcher builds Menagerie with it", EVERYONE);
    }
    // -B: no colours around the version
    Optional<Output> run =
        Output.of(List.of(mvn.get().toString(), "-B", "-v"), Duration.ofSeconds(60));
    Optional<String> version = run.flatMap(o -> o.find("Apache Maven ([\\d.]+)"));
    if (version.isEmpty()) {
      return failed("maven", mvn.get() + " -v", run, OutsideTool.MAVEN.install(), EVERYONE);
    }
    Optional<String> java = run.get().find("Java version: ([^,\\s]+)");
    if (!atLeast(version.get(), 3, 8)) {
      return new Finding(
          "maven",
          State.WRONG_VERSION,
          version.get() + "; 3.8 or later needed",
          OutsideTool.MAVEN.install(),
          EVERYONE);
    }
    if (java.isPresent() && !atLeast(java.get(), 17, 0)) {
      return new Finding(
          "maven",
          State.WRONG_VERSION,
          "Maven " + version.get() + " runs on Java " + java.get() + "; 17 or later needed",
          "set JAVA_HOME to a JDK 17 or later",
          EVERYONE);
    }
    return ok(
        "maven",
        version.get() + java.map(j -> " on Java " + j).orElse("") + " (3.8+ needed)",
        EVERYONE);
  }

  Finding node() {
    return versioned("node", OutsideTool.NODE, 20, "dynalite, the local DynamoDB, runs on it");
  }

  Finding npm() {
    return versioned("npm", OutsideTool.NPM, 0, "the build installs the local cloud's packages");
  }

  /** The Node 22 that aws-local-stepfunctions runs on: the npm package node@22 in local/. */
  Finding node22() {
    Path node = repoRoot.resolve("local/node_modules/node/bin/node");
    Set<Use> users = Set.of(Use.DEMO, Use.TESTS);
    String fix = "the build installs it (npm install in local/): " + BUILD_LOCAL;
    if (!Files.isExecutable(node)) {
      return new Finding("node22", State.MISSING, node + " is not installed", fix, users);
    }
    Optional<Output> run = Output.of(List.of(node.toString(), "--version"), Duration.ofSeconds(30));
    Optional<String> version = run.flatMap(o -> o.find("v(\\d+\\S*)"));
    if (version.isEmpty()) {
      return failed("node22", node + " --version", run, fix, users);
    }
    if (!version.get().startsWith("22.")) {
      return new Finding(
          "node22",
          State.WRONG_VERSION,
          node + " is " + version.get() + "; the local Step Functions need 22",
          fix,
          users);
    }
    return ok(
        "node22",
        version.get() + " in local/node_modules (aws-local-stepfunctions runs on it)",
        users);
  }

  Finding cfnLint() {
    Set<Use> tests = Set.of(Use.TESTS);
    Optional<Path> lint = OutsideTool.CFN_LINT.find(path);
    if (lint.isEmpty()) {
      return missing("cfn-lint", OutsideTool.CFN_LINT, "the tests lint template.yaml", tests);
    }
    Optional<Output> run =
        Output.of(List.of(lint.get().toString(), "--version"), Duration.ofSeconds(60));
    Optional<String> version = run.flatMap(o -> o.find("cfn-lint (\\S+)"));
    if (version.isEmpty()) {
      return failed(
          "cfn-lint", lint.get() + " --version", run, OutsideTool.CFN_LINT.install(), tests);
    }
    if (!version.get().startsWith("1.")) {
      return new Finding(
          "cfn-lint",
          State.WRONG_VERSION,
          version.get() + "; the tests use 1.x (1.51.0)",
          OutsideTool.CFN_LINT.install(),
          tests);
    }
    return ok("cfn-lint", version.get() + " at " + lint.get() + " (tested with 1.51.0)", tests);
  }

  /**
   * cfn-lint expands the SAM transform with aws-sam-translator: lints a one-table SAM template (a
   * table, not a function, so that no runtime's deprecation date can fail it).
   */
  Finding samTranslator() throws IOException {
    Set<Use> tests = Set.of(Use.TESTS);
    String fix = "`pip install aws-sam-translator` into cfn-lint's Python (cfn-lint 1.x brings it)";
    Optional<Path> lint = OutsideTool.CFN_LINT.find(path);
    if (lint.isEmpty()) {
      return new Finding(
          "aws-sam-translator",
          State.NOT_CHECKED,
          "cfn-lint is missing",
          OutsideTool.CFN_LINT.install(),
          tests);
    }
    Path dir = Files.createTempDirectory("menagerie-doctor-");
    try {
      Path template = dir.resolve("sam.yaml");
      Files.writeString(
          template,
          """
          Transform: AWS::Serverless-2016-10-31
          Resources:
            Table:
              Type: AWS::Serverless::SimpleTable
          """);
      Optional<Output> run =
          Output.of(List.of(lint.get().toString(), template.toString()), Duration.ofSeconds(120));
      if (run.isPresent() && run.get().exit() == 0) {
        return ok("aws-sam-translator", "cfn-lint expands a SAM template with it", tests);
      }
      return failed("aws-sam-translator", "cfn-lint on a SAM template", run, fix, tests);
    } finally {
      Files.deleteIfExists(dir.resolve("sam.yaml"));
      Files.deleteIfExists(dir);
    }
  }

  Finding motoServer() {
    Set<Use> tests = Set.of(Use.TESTS);
    Optional<Path> moto = OutsideTool.MOTO_SERVER.find(path);
    if (moto.isEmpty()) {
      return missing(
          "moto_server", OutsideTool.MOTO_SERVER, "the CLI's --stack test runs AWS on it", tests);
    }
    Optional<Output> run =
        Output.of(List.of(moto.get().toString(), "--help"), Duration.ofSeconds(60));
    if (run.isEmpty() || run.get().exit() != 0) {
      return failed(
          "moto_server", moto.get() + " --help", run, OutsideTool.MOTO_SERVER.install(), tests);
    }
    return ok("moto_server", "at " + moto.get() + " (tested with moto 5.2.1)", tests);
  }

  Finding chromium() {
    Set<Use> tests = Set.of(Use.TESTS);
    Optional<Path> chromium = OutsideTool.CHROMIUM.find(path);
    if (chromium.isEmpty()) {
      return missing(
          "chromium",
          OutsideTool.CHROMIUM,
          "the dashboard's browser test is skipped (CI requires it)",
          tests);
    }
    Optional<Output> run =
        Output.of(List.of(chromium.get().toString(), "--version"), Duration.ofSeconds(60));
    Optional<String> version = run.flatMap(o -> o.find("((?:Chromium|Google Chrome) [\\d.]+)"));
    if (version.isEmpty()) {
      return failed(
          "chromium", chromium.get() + " --version", run, OutsideTool.CHROMIUM.install(), tests);
    }
    return ok("chromium", version.get() + " at " + chromium.get(), tests);
  }

  /** Pillow for /usr/bin/python3, the bench's decode peer ({@code benchmarks/setup}). */
  Finding pillow() {
    Set<Use> bench = Set.of(Use.BENCH);
    String fix =
        "`sudo apt-get install python3-pil` (./menagerie bench runs benchmarks/setup, which"
            + " does this)";
    Path python = Path.of("/usr/bin/python3");
    if (!Files.isExecutable(python)) {
      return new Finding("pillow", State.MISSING, python + " is missing", fix, bench);
    }
    Optional<Output> run =
        Output.of(
            List.of(python.toString(), "-c", "import PIL; print('Pillow', PIL.__version__)"),
            Duration.ofSeconds(60));
    Optional<String> version = run.flatMap(o -> o.find("Pillow (\\S+)"));
    if (version.isEmpty()) {
      return new Finding(
          "pillow",
          State.MISSING,
          "not importable by " + python + " (the bench's peer)",
          fix,
          bench);
    }
    return ok("pillow", version.get() + " for " + python + " (the bench's decode peer)", bench);
  }

  /**
   * The API's port on 127.0.0.1 ({@code --port}, 0 for any) and the loopback ports the local
   * cloud's servers pick for themselves.
   */
  Finding port(int port, Path data) {
    Set<Use> demo = Set.of(Use.DEMO);
    int ephemeral;
    try {
      ephemeral = Ports.free();
    } catch (UncheckedIOException e) {
      return new Finding(
          "port",
          State.FAILED,
          "no free port on loopback for dynalite, S3Mock and the state machines: "
              + e.getCause().getMessage(),
          "free loopback ports (this machine's ephemeral range is exhausted or blocked)",
          demo);
    }
    String others =
        "free loopback ports for dynalite, S3Mock and the state machines (e.g. " + ephemeral + ")";
    if (port == 0) {
      return ok("port", "--port 0: the API takes any free port; " + others, demo);
    }
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return ok("port", "127.0.0.1:" + port + " is free for the API; " + others, demo);
    } catch (IOException taken) {
      String fix = "stop what listens there, or pass --port N to demo and up (0 = any free port)";
      Optional<Endpoints> running = runningLocalCloud(data, port);
      if (running.isPresent()) {
        return new Finding(
            "port",
            State.IN_USE,
            "127.0.0.1:"
                + port
                + " is the API of the local cloud already running with data in "
                + data
                + " (pid "
                + running.get().pid()
                + ")",
            "use it, or stop it (Ctrl-C in its terminal), or start another with --data DIR --port"
                + " N",
            demo);
      }
      return new Finding(
          "port", State.IN_USE, "127.0.0.1:" + port + " is taken by another program", fix, demo);
    }
  }

  private static Optional<Endpoints> runningLocalCloud(Path data, int port) {
    try {
      Endpoints endpoints = Endpoints.read(data);
      boolean alive = ProcessHandle.of(endpoints.pid()).map(ProcessHandle::isAlive).orElse(false);
      return alive && URI.create(endpoints.apiUrl()).getPort() == port
          ? Optional.of(endpoints)
          : Optional.empty();
    } catch (IOException | RuntimeException noneThere) {
      return Optional.empty();
    }
  }

  /** Free space for the data directory and for the training job's temporary directory. */
  Finding disk(Path data) throws IOException {
    Set<Use> demo = Set.of(Use.DEMO);
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    List<String> low = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (Path dir : List.of(data, temp)) {
      long usable = Files.getFileStore(nearestExisting(dir)).getUsableSpace();
      String free =
          String.format(Locale.ROOT, "%s: %.1f GiB free", dir, usable / (double) (1L << 30));
      seen.add(free);
      if (usable < DISK_NEEDED) {
        low.add(free);
      }
    }
    if (!low.isEmpty()) {
      return new Finding(
          "disk",
          State.LOW,
          String.join("; ", low) + " (1 GiB needed for the library, models, tables and training)",
          "free space there, or pass --data DIR on a disk with room (and set TMPDIR for the"
              + " temporary directory)",
          demo);
    }
    return ok("disk", String.join("; ", seen) + " (1 GiB each needed)", demo);
  }

  /**
   * The training job's kernel check (4-7 s): whether some convolution kernels compute this network
   * correctly on this CPU, and which the job would pick.
   */
  Finding kernels() throws IOException {
    Set<Use> users = Set.of(Use.DEMO, Use.TESTS, Use.BENCH);
    List<String> lines = new ArrayList<>();
    int exit;
    try {
      exit = LocalTrainingJob.runTrainingMain(repoRoot, KERNEL_REPORT_MAIN, List.of(), lines::add);
    } catch (TaskFailure notBuilt) {
      return new Finding(
          "kernels",
          State.NOT_CHECKED,
          "the training job is not built",
          BUILD_TRAINING + " (./menagerie doctor, demo and train build it)",
          users);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during the kernel check", e);
    }
    for (String line : lines) {
      String[] fields = line.split("\t", 5);
      if (exit == 0 && fields.length == 5 && fields[0].equals("kernels")) {
        return ok(
            "kernels",
            "the training job would pick "
                + fields[1]
                + ": "
                + fields[2]
                + "; checked in "
                + fields[3]
                + " s: "
                + fields[4],
            users);
      }
      if (line.startsWith("none\t")) {
        return new Finding(
            "kernels",
            State.FAILED,
            line.substring("none\t".length()),
            "no fix on this CPU: training here would give a useless model (see training/README.md,"
                + " \"Kernels\")",
            users);
      }
    }
    return new Finding(
        "kernels",
        State.FAILED,
        "the check exited with status "
            + exit
            + (lines.isEmpty() ? " and no output" : "; last line: " + lines.get(lines.size() - 1)),
        "run `./menagerie trainjob --help` to see that the training job starts; see"
            + " training/README.md, \"Kernels\"",
        users);
  }

  private Finding versioned(String item, OutsideTool tool, int major, String why) {
    Set<Use> users = EVERYONE;
    Optional<Path> executable = tool.find(path);
    if (executable.isEmpty()) {
      return missing(item, tool, why, users);
    }
    Optional<Output> run =
        Output.of(List.of(executable.get().toString(), "--version"), Duration.ofSeconds(60));
    Optional<String> version = run.flatMap(o -> o.find("v?(\\d+\\.\\d+\\S*)"));
    if (version.isEmpty()) {
      return failed(item, executable.get() + " --version", run, tool.install(), users);
    }
    if (!atLeast(version.get(), major, 0)) {
      return new Finding(
          item,
          State.WRONG_VERSION,
          version.get() + " at " + executable.get() + "; " + major + " or later needed",
          tool.install(),
          users);
    }
    return ok(
        item,
        version.get()
            + " at "
            + executable.get()
            + (major > 0 ? " (" + major + "+ needed; " + why + ")" : " (" + why + ")"),
        users);
  }

  private static Finding ok(String item, String detail, Set<Use> users) {
    return new Finding(item, State.OK, detail, "", users);
  }

  private static Finding missing(String item, OutsideTool tool, String why, Set<Use> users) {
    return new Finding(
        item,
        State.MISSING,
        tool.executables().get(0) + " is not on the PATH; " + why,
        tool.install(),
        users);
  }

  private static Finding failed(
      String item, String what, Optional<Output> run, String fix, Set<Use> users) {
    String detail =
        run.map(o -> what + " exited with " + o.exit() + ": " + o.gist())
            .orElse(what + " could not be run, or did not end in the time allowed");
    return new Finding(item, State.FAILED, detail, fix, users);
  }

  /** True when {@code version} (e.g. "3.8.7", "v20.1", "17.0.15+6") is at least major.minor. */
  static boolean atLeast(String version, int major, int minor) {
    Matcher m = NUMBERS.matcher(version);
    if (!m.find()) {
      return false;
    }
    int have = Integer.parseInt(m.group(1));
    int haveMinor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    return have > major || (have == major && haveMinor >= minor);
  }

  private static Path nearestExisting(Path dir) {
    Path p = dir.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    return p == null ? Path.of("/") : p;
  }

  /** What a program printed (stdout and stderr together) and its exit status. */
  record Output(int exit, String text) {
    /**
     * Runs {@code command} to its end (at most {@code timeout}); empty when it cannot start or did
     * not end in time.
     */
    static Optional<Output> of(List<String> command, Duration timeout) {
      Path log = null;
      try {
        log = Files.createTempFile("menagerie-doctor-", ".log");
        Process process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          return Optional.empty();
        }
        return Optional.of(
            new Output(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8)));
      } catch (IOException cannotStart) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      } finally {
        if (log != null) {
          try {
            Files.deleteIfExists(log);
          } catch (IOException ignored) {
            // a temporary file left behind
          }
        }
      }
    }

    /** The first group of {@code regex}'s first match. */
    Optional<String> find(String regex) {
      Matcher m = Pattern.compile(regex).matcher(text);
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The first line, and the last when there are more (a linter's finding, an exception). */
    String gist() {
      List<String> lines =
          text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      if (lines.isEmpty()) {
        return "no output";
      }
      String first = lines.get(0);
      String last = lines.get(lines.size() - 1);
      return lines.size() == 1 ? first : first + " ... " + last;
    }
  }
}
