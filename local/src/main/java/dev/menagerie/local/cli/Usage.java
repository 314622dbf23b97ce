package dev.menagerie.local.cli;

/**
 * {@code ./menagerie --help}: the usage text of every command (each command class holds its own
 * lines), and the section of one command for {@code COMMAND --help}.
 */
final class Usage {
  private Usage() {}

  static final String TEXT =
      """
      Usage: ./menagerie COMMAND [OPTIONS]

      Menagerie classifies images on CPU behind an HTTP API and keeps improving its model.
      These commands run the whole system on this machine (no AWS, no Docker) and drive it.

      Commands:
        demo [--library synthetic|sign-digits] [--data DIR] [--port N] [--epochs N]
             [--hp KEY=VALUE]...
            Everything `up` does, and on first use: lay out a library in DIR/demo, upload it
            with a held-out benchmark set, train a first model through the training state
            machine (progress shown; --epochs N, default %d for synthetic, %d for sign-digits)
            and promote it, drop unlabelled images into inbox/demo/ and wait until the inbox
            watcher has identified them. Run again, it reuses all of that and starts in seconds.
            --library synthetic (the default): generated shapes, with the staged, synthetic
            and small-subject flags the filters look at. --library sign-digits: real photos of
            hands showing the digits (samples/sign-language-digits, Apache-2.0), no flags, the
            digit 9 kept out of training as the inbox's unknown class. DIR/demo records which
            library it holds; without --library a second start uses that one.
        up [--data DIR] [--port N] [--param NAME=VALUE]... [--no-sample-model]
            Start the local cloud (dynalite, S3Mock) with the tables and bucket of
            template.yaml, serve its HTTP API routes on 127.0.0.1:N (default 8080; 0 = any
            free port) and write DIR/endpoints.json. State lives in DIR (default .menagerie)
            and survives restarts. Without a production model, the built-in sample model
            (labels by mean colour; its predictions mean nothing for animals) is installed.
            Ctrl-C stops everything it started.
        model install MODEL_DIR [--production] [--data DIR]
                      [--precision int8 --calibration DIR --holdout DIR]
            Upload a model directory (model.onnx, labels.json, model-card.json) to the running
            local cloud, register its version, and with --production move the production
            alias to it (the classify function picks it up within seconds). --precision int8
            quantizes an fp32 model first (calibrated on images of the labelled folder
            --calibration, its accuracy cost measured on --holdout; see docs/int8.md).
        model sample OUT_DIR
            Write the built-in sample model to OUT_DIR.
        synth DIR [--seed S] [--help]
            Write a deterministic synthetic image library to DIR/library (and held-out images
            to DIR/holdout) for tests, the demo and benchmarks.
        trainjob --library DIR --model-out MODEL_DIR [--base MODEL_DIR] [--config small|inception_v4]
                 [--epochs N] [--help]
            Run the training job locally on folders (the program SageMaker runs): Inception V4
            in DJL, warm start with head reset, ONNX export. See training/README.md.
        bench [--quick] [--only SECTION,...]
            Run the performance suite (benchmarks/): prints a Markdown table of ratios against
            peers measured in the same run and writes benchmarks/results/latest.json.
      """
              .formatted(Demo.FIRST_RUN_EPOCHS, SignDigitsLibrary.FIRST_RUN_EPOCHS)
          + ClassifyCommand.USAGE
          + FilterCommands.USAGE
          + TrainingCommands.USAGE
          + RunsCommand.USAGE
          + RegistryCommands.USAGE
          + ReportCommands.USAGE
          + Doctor.USAGE
          + """
        help [COMMAND]
            This text.

      Against a deployed stack: add --stack NAME [--region R] to any command but up, demo,
      model, rollup and doctor. The CLI reads the stack's outputs and uses the default AWS
      credential chain: S3 and DynamoDB directly, the state machines through Step Functions,
      and the HTTP API with SigV4 (or, for a JWT stack, the bearer token in MENAGERIE_TOKEN).

      The functions that run in this process (all of them under up and demo) write their logs
      and metrics to DIR/logs/FUNCTION.log, not to the console; add --verbose to any command, or
      set MENAGERIE_VERBOSE=1, to see them here as Lambda writes them.

      Try, once `./menagerie up` is running:
        curl --data-binary @photo.jpg -H 'Content-Type: image/jpeg' http://127.0.0.1:8080/classify
      """;

  /** The usage lines of one command (all of them for an unknown one). */
  static String help(String command) {
    String key =
        switch (command) {
          case "identify" -> "bulk";
          case "restore" -> "archive";
          default -> command;
        };
    StringBuilder section = new StringBuilder();
    boolean in = false;
    for (String line : TEXT.split("\n")) {
      if (line.startsWith("  ") && !line.startsWith("   ")) {
        in = line.equals("  " + key) || line.startsWith("  " + key + " ");
      } else if (!line.startsWith("   ")) {
        in = false;
      }
      if (in) {
        section.append(line).append('\n');
      }
    }
    return section.length() == 0 ? TEXT : "Usage: ./menagerie\n" + section;
  }
}
