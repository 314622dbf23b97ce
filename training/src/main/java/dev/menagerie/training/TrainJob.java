package dev.menagerie.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import dev.menagerie.common.inference.HoldoutEvaluation;
import dev.menagerie.common.library.LabelledImage;
import dev.menagerie.common.library.LibraryCatalog;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.training.arch.Architecture;
import dev.menagerie.training.arch.DjlNetwork;
import dev.menagerie.training.arch.OnnxExport;
import dev.menagerie.training.data.DecodedImages;
import dev.menagerie.training.data.Split;
import dev.menagerie.training.kernels.DenormalsAsZero;
import dev.menagerie.training.kernels.KernelSelection;
import dev.menagerie.training.kernels.Kernels;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The training job (SageMaker's entry point and the local {@code trainjob} command): reads the
 * images, builds the network (fresh, or warm-started from a base model with {@link HeadReset}),
 * trains it with {@link TrainingLoop} and writes the model directory (ONNX graph for serving,
 * labels, model card, and the weights and architecture for the next warm start). On failure it
 * writes the reason to {@code <output>/failure} and exits non-zero.
 */
public final class TrainJob {
  private TrainJob() {}

  public static void main(String[] args) {
    System.exit(execute(args, System.out, System.err, true));
  }

  static int execute(String[] args, PrintStream out, PrintStream err) {
    return execute(args, out, err, false);
  }

  /**
   * Parses {@code args} into a {@link TrainJobConfig}, runs it and returns the exit code: 0 on
   * success, 1 when the job failed (the reason is in {@code <output>/failure}), 2 for bad
   * arguments. With {@code mayRelaunch} (the {@code main} entry point) the job runs in a new JVM
   * when the kernels chosen for this machine need another oneDNN ISA than this process's.
   */
  static int execute(String[] args, PrintStream out, PrintStream err, boolean mayRelaunch) {
    if (args.length == 0 || List.of(args).contains("--help") || List.of(args).contains("-h")) {
      (args.length == 0 ? err : out).print(TrainJobConfig.USAGE);
      return args.length == 0 ? 2 : 0;
    }
    TrainJobConfig config;
    try {
      config = TrainJobConfig.parse(args, System::getenv, System::getProperty);
    } catch (IllegalArgumentException | IOException e) {
      // SageMaker shows the failure file as the job's FailureReason: bad hyperparameters too
      sageMakerOutputDir(args).ifPresent(dir -> writeFailure(dir, e));
      err.println("trainjob: " + e.getMessage());
      err.print(TrainJobConfig.USAGE);
      return 2;
    }
    try {
      KernelSelection.Choice kernels = chooseKernels(config.hyperparameters(), mayRelaunch, out);
      if (mayRelaunch && KernelSelection.needsRelaunch(kernels)) {
        out.printf(
            "trainjob: relaunching under ONEDNN_MAX_CPU_ISA=%s for the chosen kernels%n",
            kernels.kernels().isa());
        out.flush();
        return KernelSelection.relaunch(kernels, TrainJob.class.getName(), args);
      }
      TrainResult result = run(config, out, kernels);
      out.printf(
          "trainjob: wrote %s (version %s, %d classes, best validation accuracy %.4f at epoch %d,"
              + " %.0f s)%n",
          result.modelDir(),
          result.version(),
          result.labels().size(),
          result.bestValidationAccuracy(),
          result.bestEpoch(),
          result.seconds());
      return 0;
    } catch (Exception e) {
      // the job's one catch-all: SageMaker needs the reason in the failure file and a non-zero exit
      writeFailure(config.outputDir(), e);
      err.println("trainjob: failed: " + e);
      return 1;
    }
  }

  /**
   * Runs the job described by {@code config} in this process, printing progress to {@code out},
   * with the fastest correct kernels under this process's oneDNN ISA.
   */
  public static TrainResult run(TrainJobConfig config, PrintStream out) throws IOException {
    return run(config, out, chooseKernels(config.hyperparameters(), false, out));
  }

  /**
   * The kernels for the job's network on this machine (checked in a child JVM, 4–7 s for the small
   * model), printed with the reason. On a GPU there is nothing to check: cuDNN, not oneDNN, runs
   * the convolutions.
   */
  static KernelSelection.Choice chooseKernels(
      Hyperparameters hp, boolean mayRelaunch, PrintStream out) throws IOException {
    if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
      System.setProperty("ai.djl.offline", "true"); // a missing native is an error, not a download
    }
    // before any PyTorch work, so that its OpenMP threads inherit the setting
    out.println(
        DenormalsAsZero.enable()
            ? "trainjob: denormal floats flushed to zero (FTZ/DAZ) on the training threads"
            : "trainjob: denormal floats not flushed to zero (an earlier ONNX Runtime session in"
                + " this JVM decided; only a speed-up)");
    KernelSelection.Choice choice;
    if (Engine.getInstance().getGpuCount() > 0) {
      choice =
          new KernelSelection.Choice(
              Kernels.DEFAULT, "GPU: cuDNN runs the convolutions, nothing to check", Map.of(), 0);
    } else {
      choice = KernelSelection.forJob(hp.architectureFor(2), hp.batchSize(), mayRelaunch);
    }
    out.printf(
        Locale.ROOT,
        "kernels: %s; %s%s%n",
        choice.kernels().describe(),
        choice.reason(),
        choice.verdicts().isEmpty()
            ? "" // chosen by a parent process or kept from an earlier job's check
            : String.format(Locale.ROOT, " (checked in %.1f s)", choice.seconds()));
    out.flush();
    return choice;
  }

  /**
   * Runs the job described by {@code config} on {@code kernels}, printing progress to {@code out}.
   */
  public static TrainResult run(
      TrainJobConfig config, PrintStream out, KernelSelection.Choice kernels) throws IOException {
    long start = System.nanoTime();
    if (KernelSelection.needsRelaunch(kernels)) {
      throw new IllegalStateException(
          "the kernels chosen need ONEDNN_MAX_CPU_ISA="
              + kernels.kernels().isa()
              + " but this process runs under "
              + Kernels.processIsa());
    }
    Hyperparameters hp = config.hyperparameters();

    // image keys are relative to their folder: a channel, or the local library
    Path trainRoot = config.sageMaker() ? config.train() : config.library();
    Path validationRoot = trainRoot;
    List<LabelledImage> trainItems = scan(trainRoot, out);
    List<LabelledImage> validationItems;
    if (config.sageMaker() && config.validation() != null) {
      validationRoot = config.validation();
      validationItems = scan(validationRoot, out);
    } else {
      Split split = Split.of(trainItems, hp.validationFraction());
      trainItems = split.train();
      validationItems = split.validation();
    }
    List<String> labels =
        List.copyOf(new TreeSet<>(trainItems.stream().map(LabelledImage::label).toList()));
    if (labels.size() < 2) {
      throw new IllegalArgumentException(
          "training needs at least 2 classes with images, found " + labels);
    }
    Map<String, Integer> classIndex = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      classIndex.put(labels.get(i), i);
    }

    ModelFiles base = config.base() == null ? null : ModelFiles.read(config.base());
    Architecture architecture = hp.architectureFor(labels.size());
    if (base != null && hp.bnEpsilon() == 0f) {
      // the epsilon is part of the features: a warm start keeps its base's unless told otherwise
      architecture = architecture.withBatchNormEpsilon(base.architecture().batchNormEpsilon());
    }
    if (base != null && hp.blocks().isBlank()) {
      // so are the block counts: a base trained before a configuration's depth changed still fits
      architecture = architecture.withBlocks(base.architecture().blocks());
    }
    if (base != null && !base.architecture().sameFeaturesAs(architecture)) {
      throw new IllegalArgumentException(
          "the base model is "
              + base.architecture()
              + " but the job is configured for "
              + architecture
              + "; pass the base's config, width, input size, bn_epsilon and blocks to warm-start from it");
    }

    DecodedImages train =
        DecodedImages.decode(trainRoot, trainItems, classIndex, architecture.inputSize());
    DecodedImages validation =
        DecodedImages.decode(validationRoot, validationItems, classIndex, architecture.inputSize());
    out.printf(
        "trainjob: %s, %d classes, %d train / %d validation images (%d skipped), %s%n",
        architecture.name(),
        labels.size(),
        train.size(),
        validation.size(),
        train.skipped().size() + validation.skipped().size(),
        base == null
            ? "from scratch"
            : "warm start from " + base.card().version() + " (head reset)");
    train.skipped().forEach(s -> out.println("skipped: " + s));
    validation.skipped().forEach(s -> out.println("skipped: " + s));

    Engine.getInstance().setRandomSeed((int) hp.seed());
    Instant createdAt = Instant.now();
    String version =
        hp.version().isEmpty()
            ? DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(ZoneOffset.UTC)
                    .format(createdAt)
                + "-"
                + architecture.name()
            : hp.version();
    try (Model model = Model.newInstance(architecture.name());
        NDManager manager = model.getNDManager().newSubManager()) {
      SequentialBlock network;
      if (base != null) {
        network =
            HeadReset.apply(base, architecture, labels, model.getNDManager(), kernels.kernels());
      } else {
        network = DjlNetwork.build(architecture, kernels.kernels());
        DjlNetwork.initialize(network, architecture, model.getNDManager(), hp.bnGamma());
      }
      model.setBlock(network);
      Checkpoints checkpoints =
          config.checkpointDir() == null ? null : new Checkpoints(config.checkpointDir());
      TrainingLoop.Outcome outcome =
          TrainingLoop.run(
              model,
              network,
              architecture,
              labels,
              train,
              validation,
              hp,
              base != null,
              checkpoints,
              out);
      ModelFiles.loadWeights(network, model.getNDManager(), outcome.bestWeights());

      byte[] fp32Onnx = OnnxExport.toBytes(architecture, network);
      double holdoutAccuracy = Double.NaN;
      if (config.holdout() != null) {
        HoldoutEvaluation.Result holdout =
            HoldoutEvaluation.evaluate(
                fp32Onnx, labels, architecture.inputSize(), config.holdout());
        holdoutAccuracy = holdout.accuracy();
        out.printf(
            "holdout (ONNX Runtime): %d/%d top-1 = %.4f%n",
            holdout.correct(), holdout.images(), holdoutAccuracy);
        if (hp.precision().equals(ModelCard.FP32)) {
          out.printf("metric: test:accuracy=%.6f;%n", holdoutAccuracy);
        }
      }

      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("validationAccuracy", outcome.bestValidationAccuracy());
      metrics.put("bestEpoch", outcome.bestEpoch());
      metrics.put("epochsRun", outcome.curves().size());
      metrics.put("kernels", kernels.kernels().encode());
      if (!Double.isNaN(holdoutAccuracy)) {
        metrics.put("holdoutAccuracy", holdoutAccuracy);
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("curves", outcome.curves());
      details.put("datasetFingerprint", train.fingerprint());
      details.put("validationFingerprint", validation.fingerprint());
      details.put("hyperparameters", hp.asMap());
      details.put("trainImages", train.size());
      details.put("validationImages", validation.size());
      details.put("skippedImages", train.skipped().size() + validation.skipped().size());
      details.put("stoppedEarly", outcome.stoppedEarly());
      details.put("headReset", base != null);
      details.put("trainingSeconds", outcome.seconds());
      details.put("kernels", kernels.asMap());
      details.put("denormalsAsZero", DenormalsAsZero.isEnabled());
      ModelCard card =
          new ModelCard(
              version,
              architecture.name(),
              new ModelCard.InputSize(architecture.inputSize(), architecture.inputSize()),
              base == null ? null : base.card().version(),
              createdAt.toString(),
              metrics,
              details);
      ModelBundle served = new ModelBundle(fp32Onnx, labels, card);
      if (hp.precision().equals(ModelCard.INT8)) {
        served = Int8Export.apply(served, train, validation, config.holdout(), out);
        card = served.card();
        holdoutAccuracy = (double) card.metrics().getOrDefault("holdoutAccuracy", Double.NaN);
      }
      ModelFiles.write(config.modelDir(), architecture, network, served, fp32Onnx);
      List<EpochStats> curves = new ArrayList<>(outcome.curves());
      return new TrainResult(
          config.modelDir(),
          version,
          architecture.name(),
          labels,
          card.parent(),
          train.size(),
          validation.size(),
          train.skipped().size() + validation.skipped().size(),
          curves,
          outcome.bestEpoch(),
          outcome.bestValidationAccuracy(),
          outcome.stoppedEarly(),
          outcome.resumedAfterEpoch(),
          holdoutAccuracy,
          (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * The images of a library folder or channel, by the one library rule the pipeline also counts and
   * splits by; each file it skips (a format the decoder cannot read, a stray file) is printed with
   * the reason.
   */
  public static List<LabelledImage> scan(Path root, PrintStream out) throws IOException {
    LibraryCatalog.Scan scan = LibraryCatalog.scanFolder(root);
    scan.skipped().forEach(s -> out.println("skipped: " + s));
    return scan.images();
  }

  /** Where SageMaker mode writes its failure file, read from the raw arguments. */
  static java.util.Optional<Path> sageMakerOutputDir(String[] args) {
    if (args.length == 0 || !(args[0].equals("train") || args[0].equals("--sagemaker"))) {
      return java.util.Optional.empty();
    }
    String root = System.getenv().getOrDefault("MENAGERIE_SAGEMAKER_ROOT", "/opt/ml");
    for (int i = 1; i + 1 < args.length; i++) {
      if (args[i].equals("--output-dir")) {
        return java.util.Optional.of(Path.of(args[i + 1]));
      }
      if (args[i].equals("--sagemaker-root")) {
        root = args[i + 1];
      }
    }
    String sm = System.getenv("SM_OUTPUT_DIR");
    return java.util.Optional.of(
        sm != null && !sm.isBlank() ? Path.of(sm) : Path.of(root, "output"));
  }

  static void writeFailure(Path outputDir, Exception e) {
    if (outputDir == null) {
      return;
    }
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    try {
      Files.createDirectories(outputDir);
      Files.writeString(
          outputDir.resolve("failure"),
          e.getClass().getSimpleName() + ": " + e.getMessage() + "\n\n" + trace,
          StandardCharsets.UTF_8);
    } catch (IOException io) {
      System.err.println("trainjob: could not write the failure file: " + io.getMessage());
    }
  }
}
