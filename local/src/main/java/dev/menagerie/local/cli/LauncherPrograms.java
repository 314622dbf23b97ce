package dev.menagerie.local.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * The commands the {@code ./menagerie} launcher runs as other programs ({@code synth} and {@code
 * trainjob}: the training job's; {@code bench}: the benchmarks'). They are here for the usage text;
 * their own programs parse their options.
 */
final class LauncherPrograms {
  private LauncherPrograms() {}

  static List<CliCommand> all() {
    return List.of(new Synth(), new TrainJob(), new Bench());
  }

  /** Reached only when the launcher did not hand the command to its program. */
  abstract static class Program extends CliCommand {
    @Unmatched List<String> words = new ArrayList<>();

    @Override
    public Integer call() {
      throw new UsageException(
          spec.name() + " is run by the ./menagerie launcher (its own program), not here");
    }
  }

  @Command(
      name = "synth",
      customSynopsis = "./menagerie synth DIR [--seed S] [--help]",
      description =
          "Write a deterministic synthetic image library to DIR/library (and held-out images to"
              + " DIR/holdout) for tests, the demo and benchmarks.")
  static final class Synth extends Program {}

  @Command(
      name = "trainjob",
      customSynopsis = {
        "./menagerie trainjob --library DIR --model-out MODEL_DIR [--base MODEL_DIR]",
        "                     [--config small|inception_v4] [--epochs N] [--help]"
      },
      description =
          "Run the training job locally on folders (the program SageMaker runs): Inception V4 in"
              + " DJL, warm start with head reset, ONNX export. See training/README.md.")
  static final class TrainJob extends Program {}

  @Command(
      name = "bench",
      customSynopsis = "./menagerie bench [--quick] [--only SECTION,...]",
      description =
          "Run the performance suite (benchmarks/): prints a Markdown table of ratios against"
              + " peers measured in the same run and writes benchmarks/results/latest.json.")
  static final class Bench extends Program {}
}
