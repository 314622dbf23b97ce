package dev.menagerie.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.training.arch.OnnxExport;
import dev.menagerie.training.synth.SyntheticLibrary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job end to end on a tiny synthetic library (a few epochs: checks the plumbing). */
class TrainJobTest {
  @TempDir static Path dir;
  static Path library;

  @BeforeAll
  static void library() throws Exception {
    SyntheticLibrary.builder()
        .setRoot(dir.resolve("synth"))
        .optClasses(List.of("circle", "square", "star"))
        .optPerClass(16)
        .optHoldoutPerClass(4)
        .optUnknownCount(0)
        .optSize(80)
        .build()
        .generate();
    library = dir.resolve("synth/library");
  }

  private static String[] args(String... args) {
    return args;
  }

  /** What a run printed and its exit code. */
  private record Run(int code, String out) {}

  /**
   * The job run locally on the three-class library for two epochs (batch 8, seed 3) with the
   * held-out set, plus {@code extra} arguments; its output is captured and echoed.
   */
  private static Run twoEpochs(Path model, String... extra) {
    String[] base = {
      "--library",
      library.toString(),
      "--model-out",
      model.toString(),
      "--holdout",
      dir.resolve("synth/holdout").toString(),
      "--epochs",
      "2",
      "--batch-size",
      "8",
      "--seed",
      "3"
    };
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code =
        TrainJob.execute(
            concat(base, extra),
            new PrintStream(captured, true, StandardCharsets.UTF_8),
            System.err);
    String out = captured.toString(StandardCharsets.UTF_8);
    System.out.print(out);
    return new Run(code, out);
  }

  @Test
  void int8Precision_shouldServeTheQuantizedGraphAndRecordItsAccuracyCost() throws Exception {
    // GIVEN the same library, and the job asked for precision=int8
    Path model = dir.resolve("model-int8");
    Run run = twoEpochs(model, "--hp", "precision=int8");
    int code = run.code();
    String out = run.out();
    // THEN model.onnx is the int8 graph, the float graph beside it, about 4x larger
    assertThat(code).isZero();
    ModelBundle bundle = ModelBundle.read(model);
    assertThat(bundle.card().precision()).isEqualTo("int8");
    byte[] fp32 = Files.readAllBytes(model.resolve(ModelFiles.FP32_ONNX_FILE));
    assertThat((double) fp32.length / bundle.onnx().length).isGreaterThan(3.0);
    assertThat(new String(bundle.onnx(), StandardCharsets.ISO_8859_1)).contains("DequantizeLinear");
    // AND the card's held-out accuracy is the int8 graph's, with the fp32 one and the delta
    assertThat(bundle.card().metrics())
        .containsKeys(
            "holdoutAccuracy",
            "holdoutAccuracyFp32",
            "validationAccuracyInt8",
            "int8AccuracyDelta",
            "int8AccuracyDeltaOn");
    double int8 = (Double) bundle.card().metrics().get("holdoutAccuracy");
    double float32 = (Double) bundle.card().metrics().get("holdoutAccuracyFp32");
    assertThat((Double) bundle.card().metrics().get("int8AccuracyDelta"))
        .isCloseTo(int8 - float32, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(out).contains("metric: int8:accuracy_delta=");
    // AND the int8 graph serves under the contract
    try (OrtSession session =
        OrtEnvironment.getEnvironment()
            .createSession(bundle.onnx(), new OrtSession.SessionOptions())) {
      assertThat(session.getInputNames()).containsExactly(OnnxExport.INPUT);
      assertThat(session.getOutputNames()).containsExactly(OnnxExport.OUTPUT);
    }
  }

  @Test
  void localRun_shouldWriteAModelDirectoryThatOnnxRuntimeServesAndPrintMetricLines()
      throws Exception {
    // GIVEN a library of three classes
    Path model = dir.resolve("model-local");
    // WHEN the job runs locally for two epochs
    Run run = twoEpochs(model);
    int code = run.code();
    String out = run.out();
    // THEN it succeeds and writes the five files
    assertThat(code).isZero();
    for (String f :
        List.of(
            "model.onnx",
            "labels.json",
            "model-card.json",
            ModelFiles.WEIGHTS_FILE,
            ModelFiles.ARCHITECTURE_FILE)) {
      assertThat(model.resolve(f)).isRegularFile();
    }
    ModelBundle bundle = ModelBundle.read(model);
    assertThat(bundle.labels()).containsExactly("circle", "square", "star");
    assertThat(bundle.card().architecture()).isEqualTo("inception_v4_small");
    assertThat(bundle.card().input().width()).isEqualTo(75);
    assertThat(bundle.card().parent()).isNull();
    assertThat(bundle.card().metrics()).containsKeys("validationAccuracy", "holdoutAccuracy");
    assertThat(bundle.card().details())
        .containsKeys("curves", "datasetFingerprint", "hyperparameters");
    assertThat((List<?>) bundle.card().details().get("curves")).hasSize(2);
    // AND the kernels it trained on are printed and recorded, with the reason
    assertThat(out).containsPattern("kernels: (NCHW|channels-last).*fastest correct layout");
    assertThat((String) bundle.card().metrics().get("kernels"))
        .matches("[A-Za-z0-9_]+/(nchw|channels-last-matmul-1x1|channels-last)");
    Map<?, ?> kernels = (Map<?, ?>) bundle.card().details().get("kernels");
    for (String key : List.of("isa", "layout", "conv1x1", "reason", "checked")) {
      assertThat(kernels.containsKey(key)).as(key).isTrue();
    }
    // AND the graph has the serving contract
    try (OrtSession session =
        OrtEnvironment.getEnvironment()
            .createSession(bundle.onnx(), new OrtSession.SessionOptions())) {
      assertThat(session.getInputNames()).containsExactly(OnnxExport.INPUT);
      assertThat(session.getOutputNames()).containsExactly(OnnxExport.OUTPUT);
    }
    // AND each epoch printed a progress line and a metric line that the documented regexes read
    assertThat(out).containsPattern("epoch 2/2 .*img/s.*ETA");
    Matcher m = Pattern.compile("validation:accuracy=([0-9\\.]+);").matcher(out);
    int metricLines = 0;
    while (m.find()) {
      assertThat(Double.parseDouble(m.group(1))).isBetween(0.0, 1.0);
      metricLines++;
    }
    assertThat(metricLines).isEqualTo(2);
    assertThat(out).containsPattern("train:loss=([0-9\\.]+);");
  }

  @Test
  void sageMakerRun_shouldReadChannelsAndHyperparametersAndResumeFromCheckpoint() throws Exception {
    // GIVEN a SageMaker layout: hyperparameters.json with string values, a train channel
    Path root = dir.resolve("opt-ml");
    Files.createDirectories(root.resolve("input/config"));
    Files.writeString(
        root.resolve("input/config/hyperparameters.json"),
        "{\"epochs\":\"1\",\"batch_size\":\"8\",\"seed\":\"5\",\"rotation\":\"5\"}");
    copyTree(library, root.resolve("input/data/train"));
    // WHEN the job runs as SageMaker starts it, then again with a larger epoch budget
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    int code1 =
        TrainJob.execute(
            args("train", "--sagemaker-root", root.toString()),
            new PrintStream(first, true, StandardCharsets.UTF_8),
            System.err);
    Files.writeString(
        root.resolve("input/config/hyperparameters.json"),
        "{\"epochs\":\"2\",\"batch_size\":\"8\",\"seed\":\"5\",\"rotation\":\"5\"}");
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    int code2 =
        TrainJob.execute(
            args("train", "--sagemaker-root", root.toString()),
            new PrintStream(second, true, StandardCharsets.UTF_8),
            System.err);
    // THEN both succeed, the model is in model/, and the second run resumed after epoch 1
    assertThat(code1).isZero();
    assertThat(code2).isZero();
    assertThat(root.resolve("model/model.onnx")).isRegularFile();
    assertThat(root.resolve("checkpoints/" + Checkpoints.STATE)).isRegularFile();
    assertThat(second.toString(StandardCharsets.UTF_8)).contains("resuming after epoch 1");
    assertThat(second.toString(StandardCharsets.UTF_8)).contains("epoch 2/2");
    assertThat(second.toString(StandardCharsets.UTF_8)).doesNotContain("epoch 1/2");
    ModelBundle bundle = ModelBundle.read(root.resolve("model"));
    assertThat((List<?>) bundle.card().details().get("curves")).hasSize(2);
    assertThat(((Map<?, ?>) bundle.card().details().get("hyperparameters")).get("rotation"))
        .isEqualTo("5.0");
  }

  @Test
  void warmStart_shouldKeepTheBasesBlocksUnlessToldOtherwise() throws Exception {
    // GIVEN a base trained with other block counts than the configuration's (as a small model
    // trained before the small configuration became shallower)
    Path base = dir.resolve("model-blocks-base");
    String[] common = {"--library", library.toString(), "--epochs", "1", "--batch-size", "8"};
    assertThat(
            TrainJob.execute(
                concat(common, "--model-out", base.toString(), "--hp", "blocks=1,1,2"),
                System.out,
                System.err))
        .isZero();
    // WHEN a warm start from it names no blocks
    Path warm = dir.resolve("model-blocks-warm");
    int code =
        TrainJob.execute(
            concat(common, "--model-out", warm.toString(), "--base", base.toString()),
            System.out,
            System.err);
    // THEN it trains the base's depth
    assertThat(code).isZero();
    assertThat(ModelFiles.read(warm).architecture().blocks())
        .isEqualTo(new dev.menagerie.training.arch.Architecture.Blocks(1, 1, 2));
    // AND a warm start told another depth is refused, naming the blocks
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int refused =
        TrainJob.execute(
            concat(
                common,
                "--model-out",
                dir.resolve("model-blocks-refused").toString(),
                "--base",
                base.toString(),
                "--hp",
                "blocks=1,2,1"),
            System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(refused).isNotZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("blocks");
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  @Test
  void missingChannel_shouldWriteTheFailureFileAndExitNonZero() throws Exception {
    // GIVEN a SageMaker root without a train channel
    Path root = dir.resolve("opt-ml-empty");
    Files.createDirectories(root);
    // WHEN the job runs
    int code =
        TrainJob.execute(
            args("train", "--sagemaker-root", root.toString()), System.out, System.err);
    // THEN it exits 1 and says why in output/failure
    assertThat(code).isEqualTo(1);
    assertThat(Files.readString(root.resolve("output/failure"))).contains("input/data/train");
  }

  @Test
  void badArguments_shouldExit2WithUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        TrainJob.execute(
            args("--library", "x", "--epochs", "zero", "--model-out", "y"),
            System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("not a number").contains("Usage");
  }

  @Test
  void unknownHyperparameter_shouldBeRefusedListingTheKnownOnes() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        TrainJob.execute(
            args("--library", "x", "--model-out", "y", "--hp", "epoch=3"),
            System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("unknown hyperparameter 'epoch'")
        .contains("epochs");
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
