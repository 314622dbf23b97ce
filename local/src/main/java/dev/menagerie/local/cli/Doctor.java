package dev.menagerie.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.menagerie.local.cli.Finding.State;
import dev.menagerie.local.cli.Finding.Use;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./menagerie doctor}: checks every prerequisite of {@code demo}, {@code up}, {@code bench}
 * and the tests on this machine, one line per item with its state and, when it is not ok, how to
 * fix it. Exits 0 when the demo can run (whatever the tests or the bench lack), 1 when something
 * the demo needs is missing or wrong, 2 for bad arguments.
 */
@Command(
    name = "doctor",
    description =
        "Check this machine for what demo, up, bench and the tests need: Java, Maven, Node.js and"
            + " npm, the local Step Functions' Node 22, cfn-lint with aws-sam-translator,"
            + " moto_server, Chromium, Pillow (the bench's peer), the API's port (--port, default"
            + " 8080), free disk for DIR and the temporary directory, and the training job's kernel"
            + " check on this CPU (4-7 s on a quiet machine; --skip-kernels leaves it out) with the"
            + " kernels it would pick. One line per item: ok, missing, wrong version, in use, low,"
            + " failed or not checked, with how to fix it. Exit status 0 when the demo can run, 1"
            + " when something it needs is missing (the items marked demo/up), 2 for bad"
            + " arguments. See docs/prerequisites.md.")
final class Doctor extends CliCommand {
  /** Every item, in the order printed. */
  static final List<String> ITEMS =
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

  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin DataOption data;

  @Option(names = "--port", paramLabel = "N", description = "The API's port (default 8080).")
  int port = 8080;

  @Option(names = "--skip-kernels", description = "Leave out the kernel check.")
  boolean skipKernels;

  @Option(names = "--json", description = "The findings as one line of JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    within("--port", port, 0, 65535);
    PrintStream out = out();
    Path repoRoot = repoRoot();
    Path data = this.data.dir(repoRoot);
    if (!json) {
      out.println("Checking what demo, up, bench and the tests need on this machine ...");
      out.flush();
    }
    Checkup checkup = new Checkup(repoRoot, System.getenv().getOrDefault("PATH", ""));
    MachineCheckup machine = new MachineCheckup(repoRoot);
    List<Finding> findings = new ArrayList<>();
    for (String item : ITEMS) {
      Finding finding =
          item.equals("kernels") && skipKernels
              ? new Finding(
                  "kernels",
                  State.NOT_CHECKED,
                  "--skip-kernels",
                  "run ./menagerie doctor without --skip-kernels",
                  Set.of(Use.DEMO, Use.TESTS, Use.BENCH))
              : check(checkup, machine, item, port, data);
      findings.add(finding);
      if (!json) {
        out.println(line(finding));
        out.flush();
      }
    }
    boolean demoCanRun = findings.stream().noneMatch(Finding::stopsTheDemo);
    if (json) {
      out.println(JSON.writeValueAsString(asJson(findings, demoCanRun)));
    } else {
      out.println(summary(findings, demoCanRun));
    }
    return demoCanRun ? 0 : 1;
  }

  private static Finding check(
      Checkup checkup, MachineCheckup machine, String item, int port, Path data)
      throws IOException {
    return switch (item) {
      case "java" -> checkup.java();
      case "maven" -> checkup.maven();
      case "node" -> checkup.node();
      case "npm" -> checkup.npm();
      case "node22" -> checkup.node22();
      case "cfn-lint" -> checkup.cfnLint();
      case "aws-sam-translator" -> checkup.samTranslator();
      case "moto_server" -> checkup.motoServer();
      case "chromium" -> checkup.chromium();
      case "pillow" -> checkup.pillow();
      case "port" -> machine.port(port, data);
      case "disk" -> machine.disk(data);
      case "kernels" -> machine.kernels();
      default -> throw new IllegalArgumentException("no check for the item " + item);
    };
  }

  /** {@code STATE ITEM DETAIL[; fix: FIX] [USERS]}. */
  static String line(Finding f) {
    return String.format(
        "%-14s %-19s %s%s  [%s]",
        f.state().label,
        f.item(),
        f.detail(),
        f.fix().isEmpty() ? "" : "; fix: " + f.fix(),
        f.neededBy().stream().sorted().map(u -> u.label).collect(Collectors.joining(", ")));
  }

  private static String summary(List<Finding> findings, boolean demoCanRun) {
    List<String> others =
        findings.stream()
            .filter(f -> !f.neededBy().contains(Use.DEMO) && f.state() != State.OK)
            .map(Finding::item)
            .toList();
    String demo =
        demoCanRun
            ? "The demo can run on this machine."
            : "The demo cannot run yet: fix the items marked demo/up above.";
    return others.isEmpty()
        ? demo
        : demo + " Not ok for the tests or the bench only: " + String.join(", ", others) + ".";
  }

  private static ObjectNode asJson(List<Finding> findings, boolean demoCanRun) {
    ObjectNode root = JSON.createObjectNode().put("demoCanRun", demoCanRun);
    ArrayNode items = root.putArray("items");
    for (Finding f : findings) {
      ObjectNode item =
          items
              .addObject()
              .put("item", f.item())
              .put("state", f.state().label)
              .put("detail", f.detail())
              .put("fix", f.fix());
      ArrayNode users = item.putArray("neededBy");
      f.neededBy().stream().sorted().forEach(u -> users.add(u.label));
    }
    return root;
  }
}
