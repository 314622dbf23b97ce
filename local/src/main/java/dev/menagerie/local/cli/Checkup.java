package dev.menagerie.local.cli;

import dev.menagerie.local.cli.Finding.State;
import dev.menagerie.local.cli.Finding.Use;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of {@code ./menagerie doctor} on the programs that {@code demo}, {@code up}, {@code
 * bench} or the tests run: each runs the program where it can (its version, a lint of a tiny SAM
 * template) rather than only looking for a file. {@link MachineCheckup} has the port, disk and
 * kernel checks.
 */
final class Checkup {
  private static final Pattern NUMBERS = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");
  private static final String BUILD_LOCAL = "`mvn -B -q package -DskipTests -pl local -am`";

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
          Finding.EVERYONE);
    }
    if (!Files.isExecutable(home.resolve("bin/javac"))) {
      return new Finding(
          "java",
          State.MISSING,
          version + " at " + home + " is a runtime without javac; the build needs a JDK",
          "`sudo apt-get install openjdk-17-jdk-headless`",
          Finding.EVERYONE);
    }
    return Finding.ok("java", "JDK " + version + " at " + home + " (17+ needed)", Finding.EVERYONE);
  }

  Finding maven() {
    Optional<Path> mvn = OutsideTool.MAVEN.find(path);
    if (mvn.isEmpty()) {
      return missing(
          "maven", OutsideTool.MAVEN, "the launcher builds Menagerie with it", Finding.EVERYONE);
    }
    // -B: no colours around the version
    Optional<ProgramOutput> run =
        ProgramOutput.of(List.of(mvn.get().toString(), "-B", "-v"), Duration.ofSeconds(60));
    Optional<String> version = run.flatMap(o -> o.find("Apache Maven ([\\d.]+)"));
    if (version.isEmpty()) {
      return failed("maven", mvn.get() + " -v", run, OutsideTool.MAVEN.install(), Finding.EVERYONE);
    }
    Optional<String> java = run.get().find("Java version: ([^,\\s]+)");
    if (!atLeast(version.get(), 3, 8)) {
      return new Finding(
          "maven",
          State.WRONG_VERSION,
          version.get() + "; 3.8 or later needed",
          OutsideTool.MAVEN.install(),
          Finding.EVERYONE);
    }
    if (java.isPresent() && !atLeast(java.get(), 17, 0)) {
      return new Finding(
          "maven",
          State.WRONG_VERSION,
          "Maven " + version.get() + " runs on Java " + java.get() + "; 17 or later needed",
          "set JAVA_HOME to a JDK 17 or later",
          Finding.EVERYONE);
    }
    return Finding.ok(
        "maven",
        version.get() + java.map(j -> " on Java " + j).orElse("") + " (3.8+ needed)",
        Finding.EVERYONE);
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
    Optional<ProgramOutput> run =
        ProgramOutput.of(List.of(node.toString(), "--version"), Duration.ofSeconds(30));
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
    return Finding.ok(
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
    Optional<ProgramOutput> run =
        ProgramOutput.of(List.of(lint.get().toString(), "--version"), Duration.ofSeconds(60));
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
    return Finding.ok(
        "cfn-lint", version.get() + " at " + lint.get() + " (tested with 1.51.0)", tests);
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
      Optional<ProgramOutput> run =
          ProgramOutput.of(
              List.of(lint.get().toString(), template.toString()), Duration.ofSeconds(120));
      if (run.isPresent() && run.get().exit() == 0) {
        return Finding.ok("aws-sam-translator", "cfn-lint expands a SAM template with it", tests);
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
    Optional<ProgramOutput> run =
        ProgramOutput.of(List.of(moto.get().toString(), "--help"), Duration.ofSeconds(60));
    if (run.isEmpty() || run.get().exit() != 0) {
      return failed(
          "moto_server", moto.get() + " --help", run, OutsideTool.MOTO_SERVER.install(), tests);
    }
    return Finding.ok("moto_server", "at " + moto.get() + " (tested with moto 5.2.1)", tests);
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
    Optional<ProgramOutput> run =
        ProgramOutput.of(List.of(chromium.get().toString(), "--version"), Duration.ofSeconds(60));
    Optional<String> version = run.flatMap(o -> o.find("((?:Chromium|Google Chrome) [\\d.]+)"));
    if (version.isEmpty()) {
      return failed(
          "chromium", chromium.get() + " --version", run, OutsideTool.CHROMIUM.install(), tests);
    }
    return Finding.ok("chromium", version.get() + " at " + chromium.get(), tests);
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
    Optional<ProgramOutput> run =
        ProgramOutput.of(
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
    return Finding.ok(
        "pillow", version.get() + " for " + python + " (the bench's decode peer)", bench);
  }

  private Finding versioned(String item, OutsideTool tool, int major, String why) {
    Set<Use> users = Finding.EVERYONE;
    Optional<Path> executable = tool.find(path);
    if (executable.isEmpty()) {
      return missing(item, tool, why, users);
    }
    Optional<ProgramOutput> run =
        ProgramOutput.of(List.of(executable.get().toString(), "--version"), Duration.ofSeconds(60));
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
    return Finding.ok(
        item,
        version.get()
            + " at "
            + executable.get()
            + (major > 0 ? " (" + major + "+ needed; " + why + ")" : " (" + why + ")"),
        users);
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
      String item, String what, Optional<ProgramOutput> run, String fix, Set<Use> users) {
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
}
