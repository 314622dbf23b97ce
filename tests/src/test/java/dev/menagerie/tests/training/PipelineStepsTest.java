package dev.menagerie.tests.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.common.store.DecisionSummary;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.DynamoRunStore;
import dev.menagerie.common.store.ModelRecord;
import dev.menagerie.common.store.ModelStatus;
import dev.menagerie.common.store.RunKind;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.store.RunStatus;
import dev.menagerie.common.store.TrainingFigures;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.onnx.OnnxGraph;
import dev.menagerie.onnx.OnnxGraph.Attribute;
import dev.menagerie.pipeline.ModelArchive;
import dev.menagerie.pipeline.PipelineHandler;
import dev.menagerie.tests.cloud.LocalCloudExtension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Each step of the training state machine, invoked through {@link PipelineHandler} with the state
 * the machine would pass it, against the local cloud (a bucket and tables of its own per test) and
 * a tiny model generated in code: a two-colour classifier over a library of solid-colour images.
 * The state between steps is built as {@code statemachines/training.asl.json} builds it (its
 * ResultSelectors); no training job runs. Each test runs in a few seconds.
 */
@ExtendWith(LocalCloudExtension.class)
class PipelineStepsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The fields PrepareDataset's ResultSelector keeps of the prepare step's output. */
  private static final List<String> DATASET_FIELDS =
      List.of(
          "labels",
          "classCount",
          "sizes",
          "belowCutoff",
          "justBelowCutoff",
          "baseVersion",
          "productionVersion",
          "shards",
          "training");

  private final LocalCloud cloud;
  private final String bucket = "steps-" + UUID.randomUUID().toString().substring(0, 8);
  private final String modelsTable;
  private final String runsTable;
  private final PipelineHandler handler;
  @TempDir Path temp;

  PipelineStepsTest(LocalCloud cloud) {
    this.cloud = cloud;
    cloud.s3().createBucket(b -> b.bucket(bucket));
    modelsTable = cloud.createTableLike("ModelsTable", "models-" + UUID.randomUUID());
    runsTable = cloud.createTableLike("RunsTable", "runs-" + UUID.randomUUID());
    Map<String, String> env = new LinkedHashMap<>(cloud.functionEnvironment("PipelineFunction"));
    env.put("BUCKET_NAME", bucket);
    env.put("MODELS_TABLE", modelsTable);
    env.put("RUNS_TABLE", runsTable);
    handler = new PipelineHandler(env);
  }

  @Test
  void start_shouldNameTheRunAndRecordItRunning() throws Exception {
    // WHEN a run starts with a name and a cutoff
    JsonNode run = invoke("{\"action\":\"start\",\"input\":{\"name\":\"steps\",\"cutoff\":3}}");

    // THEN it is named, its candidate version follows the start time, the request is kept as given
    assertThat(fieldNames(run)).containsExactly("runId", "version", "name", "throwAway", "request");
    assertThat(run.path("version").asText()).matches("v\\d{8}T\\d{6}-[0-9a-f]{4}");
    assertThat(run.path("name").asText()).isEqualTo("steps");
    assertThat(run.path("throwAway").asBoolean(true)).isFalse();
    assertThat(run.path("request").toString()).isEqualTo("{\"name\":\"steps\",\"cutoff\":3}");
    // AND the run is recorded RUNNING with what it was asked
    RunRecord record = runs().get(RunKind.TRAINING, run.path("runId").asText()).orElseThrow();
    assertThat(record.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(record.modelVersion()).contains(run.path("version").asText());
    assertThat(record.training().cutoff()).isEqualTo(3);
    assertThat(record.training().baseModel()).isEqualTo("production");
  }

  @Test
  void start_shouldRefuseABadRequestNamingTheField() {
    assertThatThrownBy(() -> invoke("{\"action\":\"start\",\"input\":{\"cutoff\":\"many\"}}"))
        .isInstanceOf(MenagerieException.class)
        .hasMessageContaining("cutoff")
        .extracting(e -> ((MenagerieException) e).code())
        .isEqualTo(ErrorCode.INVALID_PARAMETER);
  }

  @Test
  void prepare_shouldSplitTheLibraryAndDescribeTheTrainingJob() throws Exception {
    // GIVEN a library of two classes, ten images each, and a stray text file
    library(10);
    cloud.s3().putObject(b -> b.bucket(bucket).key("library/red/notes.txt"), body("notes"));
    ObjectNode state = started();

    // WHEN the dataset is prepared
    JsonNode dataset = invoke(request("prepare", state));

    // THEN both classes are in, every image has a split, and there is one shard to evaluate
    assertThat(dataset.path("labels").toString()).isEqualTo("[\"blue\",\"red\"]");
    assertThat(dataset.path("classCount").asInt()).isEqualTo(2);
    JsonNode sizes = dataset.path("sizes");
    assertThat(sizes.path("train").asInt() + sizes.path("validation").asInt())
        .isEqualTo(20 - sizes.path("test").asInt());
    assertThat(dataset.path("shards")).isEqualTo(JSON.readTree("[{\"shard\":0,\"shards\":1}]"));
    assertThat(dataset.path("baseVersion").isNull()).isTrue();
    assertThat(dataset.path("productionVersion").isNull()).isTrue();
    assertThat(dataset.path("notes").toString())
        .contains("skipped 1 file(s)", "library/red/notes.txt", "from scratch");
    // AND the training job's settings name the run's channels and output
    String runId = state.path("run").path("runId").asText();
    JsonNode training = dataset.path("training");
    assertThat(training.path("jobName").asText()).isEqualTo("menagerie-" + runId.toLowerCase());
    assertThat(training.path("inputDataConfig").findValuesAsText("ChannelName"))
        .containsExactly("train", "validation");
    assertThat(training.path("inputDataConfig").get(0).path("DataSource").toString())
        .contains("\"S3DataType\":\"ManifestFile\"", "runs/" + runId + "/manifests/train.manifest");
    assertThat(training.path("outputPath").asText())
        .isEqualTo("s3://" + bucket + "/runs/" + runId + "/output/");
    assertThat(training.path("hyperParameters").path("version").asText())
        .isEqualTo(state.path("run").path("version").asText());
    assertThat(training.path("stoppingCondition").toString())
        .isEqualTo("{\"MaxRuntimeInSeconds\":86400,\"MaxWaitTimeInSeconds\":172800}");
    // AND dataset.json holds the splits and the images to evaluate
    JsonNode stored = readJson("runs/" + runId + "/dataset.json");
    assertThat(stored.path("evaluation").size()).isEqualTo(sizes.path("test").asInt());
    assertThat(stored.path("splits").path("train").size()).isEqualTo(sizes.path("train").asInt());
  }

  @Test
  void prepare_shouldRefuseALibraryOfOneClass() throws Exception {
    // GIVEN a library with only one class at the cutoff
    for (int i = 0; i < 4; i++) {
      putImage("library/red/r" + i + ".png", 0xFF0000);
    }
    putImage("library/blue/b0.png", 0x0000FF);
    ObjectNode state = started();

    // WHEN/THEN prepare says so
    assertThatThrownBy(() -> invoke(request("prepare", state)))
        .isInstanceOf(MenagerieException.class)
        .hasMessageContaining("only 1 class(es)")
        .extracting(e -> ((MenagerieException) e).code())
        .isEqualTo(ErrorCode.TOO_FEW_CLASSES);
  }

  @Test
  void register_shouldRegisterTheJobsModelAsACandidate() throws Exception {
    // GIVEN a prepared run whose training job wrote a model of the run's version
    ObjectNode state = prepared();
    trained(state, state.path("run").path("version").asText());

    // WHEN the candidate is registered
    JsonNode registered = invoke(request("register", state));

    // THEN it is in the registry, a candidate, with the job's final metrics and the run id
    String version = state.path("run").path("version").asText();
    assertThat(registered.path("version").asText()).isEqualTo(version);
    assertThat(registered.path("location").asText()).contains(version);
    ModelRecord model = registry().get(version).orElseThrow();
    assertThat(model.status()).isEqualTo(ModelStatus.CANDIDATE);
    assertThat(model.architecture()).isEqualTo("two-colour");
    assertThat(model.metrics().runId()).contains(state.path("run").path("runId").asText());
    assertThat(model.metrics().trainingJob()).contains("job-1");
    assertThat(model.metrics().finalMetrics()).containsKey("validation:accuracy");
  }

  @Test
  void register_shouldRefuseAModelOfAnotherVersion() throws Exception {
    ObjectNode state = prepared();
    trained(state, "v-someone-else");

    assertThatThrownBy(() -> invoke(request("register", state)))
        .isInstanceOf(MenagerieException.class)
        .hasMessageContaining("v-someone-else")
        .extracting(e -> ((MenagerieException) e).code())
        .isEqualTo(ErrorCode.CONFLICT);
  }

  @Test
  void evaluateAndDecide_shouldScoreTheTestSplitAndPromoteAnAccurateFirstModel() throws Exception {
    // GIVEN a registered candidate and no production model
    ObjectNode state = registered();
    String runId = state.path("run").path("runId").asText();

    // WHEN its one shard is evaluated
    ObjectNode shardState = JSON.createObjectNode();
    shardState.set("run", state.path("run"));
    shardState.set("shard", state.path("dataset").path("shards").get(0));
    ObjectNode evaluate = JSON.createObjectNode().put("action", "evaluate");
    evaluate.set("run", shardState);
    evaluate.set("shard", shardState.path("shard"));
    JsonNode evaluated = invoke(evaluate.toString());

    // THEN every test image is scored, correctly (the colours are the classes)
    int test = state.path("dataset").path("sizes").path("test").asInt();
    assertThat(evaluated).isEqualTo(JSON.readTree("{\"shard\":0,\"images\":" + test + "}"));
    JsonNode shard = readJson("runs/" + runId + "/evaluation/shard-0.json");
    assertThat(shard.path("candidate").size()).isEqualTo(test);
    assertThat(shard.has("production")).isFalse();

    // WHEN the run decides
    JsonNode decision = invoke(request("decide", state));

    // THEN the first model is promoted, and the figures are kept with the run and the model
    assertThat(fieldNames(decision)).containsExactly("outcome", "reasons");
    assertThat(decision.path("outcome").asText()).isEqualTo("PROMOTE");
    assertThat(readJson("runs/" + runId + "/evaluation.json").path("outcome").asText())
        .isEqualTo("PROMOTE");
    DecisionSummary summary = runRecord(state).training().decision();
    assertThat(summary.outcome()).isEqualTo("PROMOTE");
    assertThat(summary.evaluation())
        .isEqualTo("s3://" + bucket + "/runs/" + runId + "/evaluation.json");
    assertThat(registry().get(version(state)).orElseThrow().metrics().decision())
        .hasValueSatisfying(d -> assertThat(d.outcome()).isEqualTo("PROMOTE"));
  }

  @Test
  void evaluate_shouldRefuseAShardOutsideTheRun() throws Exception {
    ObjectNode state = prepared();
    ObjectNode evaluate = JSON.createObjectNode().put("action", "evaluate");
    evaluate.set("run", state);
    evaluate.set("shard", JSON.createObjectNode().put("shard", 3).put("shards", 2));

    assertThatThrownBy(() -> invoke(evaluate.toString()))
        .isInstanceOf(MenagerieException.class)
        .hasMessage("bad shard 3 of 2");
  }

  @Test
  void promote_shouldMoveTheAliasAndFinishTheRun() throws Exception {
    ObjectNode state = registered();

    JsonNode promoted = invoke(request("promote", state));

    assertThat(promoted.path("outcome").asText()).isEqualTo("PROMOTED");
    assertThat(promoted.path("version").asText()).isEqualTo(version(state));
    assertThat(promoted.path("previous").asText()).isEmpty();
    assertThat(registry().productionVersion()).contains(version(state));
    RunRecord run = runRecord(state);
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.training().outcome()).isEqualTo("PROMOTED");
  }

  @Test
  void reject_shouldMarkTheCandidateRejectedAndFinishTheRun() throws Exception {
    ObjectNode state = registered();

    JsonNode rejected = invoke(request("reject", state));

    assertThat(rejected.path("outcome").asText()).isEqualTo("REJECTED");
    assertThat(registry().get(version(state)).orElseThrow().status())
        .isEqualTo(ModelStatus.REJECTED);
    assertThat(runRecord(state).training().outcome()).isEqualTo("REJECTED");
  }

  @Test
  void throwAwayAndFinish_shouldListTheInboxCollectionsAndRecordTheirRuns() throws Exception {
    // GIVEN a registered candidate and two inbox collections
    ObjectNode state = registered();
    putImage("inbox/zoo-a/1.png", 0xFF0000);
    putImage("inbox/zoo-b/2.png", 0x0000FF);

    // WHEN the run is a throw-away
    JsonNode marked = invoke(request("throwAway", state));

    // THEN the model is marked and each collection is to be identified with it
    String version = version(state);
    assertThat(registry().get(version).orElseThrow().status()).isEqualTo(ModelStatus.THROW_AWAY);
    assertThat(marked.path("collections"))
        .isEqualTo(
            JSON.readTree(
                "[{\"prefix\":\"inbox/zoo-a/\",\"modelVersion\":\""
                    + version
                    + "\"},{\"prefix\":\"inbox/zoo-b/\",\"modelVersion\":\""
                    + version
                    + "\"}]"));

    // WHEN the bulk executions have run (their Output is a JSON string, as Step Functions gives it)
    ObjectNode finish = JSON.createObjectNode().put("action", "finish");
    finish.set("run", state);
    finish.set(
        "identified",
        JSON.readTree(
            "[{\"Status\":\"SUCCEEDED\",\"Output\":\"{\\\"run\\\":{\\\"runId\\\":\\\"b-1\\\"}}\"},"
                + "{\"Status\":\"SUCCEEDED\",\"Output\":\"not json\"}]"));
    JsonNode finished = invoke(finish.toString());

    // THEN the run is finished with the bulk runs it started
    assertThat(finished.path("outcome").asText()).isEqualTo("THROW_AWAY");
    assertThat(finished.path("collections").asInt()).isEqualTo(2);
    RunRecord run = runRecord(state);
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.training().outcome()).isEqualTo("THROW_AWAY");
    assertThat(run.training().reidentified())
        .extracting(TrainingFigures.Reidentified::runId, TrainingFigures.Reidentified::status)
        .containsExactly(tuple("b-1", null), tuple(null, "SUCCEEDED"));
  }

  @Test
  void fail_shouldRecordTheErrorAndRejectARegisteredCandidate() throws Exception {
    ObjectNode state = registered();
    state.set(
        "error", JSON.createObjectNode().put("Error", "States.Timeout").put("Cause", "too slow"));
    ObjectNode fail = JSON.createObjectNode().put("action", "fail");
    fail.set("run", state);
    fail.set("error", state.path("error"));

    JsonNode recorded = invoke(fail.toString());

    assertThat(recorded.path("recorded").asBoolean()).isTrue();
    assertThat(recorded.path("error").asText()).isEqualTo("States.Timeout: too slow");
    RunRecord run = runRecord(state);
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.error()).contains("States.Timeout: too slow");
    ModelRecord model = registry().get(version(state)).orElseThrow();
    assertThat(model.status()).isEqualTo(ModelStatus.REJECTED);
    assertThat(model.metrics().failure()).contains("States.Timeout: too slow");
  }

  @Test
  void fail_beforeTheRunIsNamed_shouldSayItRecordedNothing() throws Exception {
    JsonNode recorded =
        invoke(
            "{\"action\":\"fail\",\"run\":{\"error\":{}},"
                + "\"error\":{\"Error\":\"Boom\",\"Cause\":\"early\"}}");

    assertThat(recorded.path("recorded").asBoolean(true)).isFalse();
    assertThat(recorded.path("error").asText()).isEqualTo("Boom: early");
  }

  @Test
  void anUnknownAction_shouldBeRefusedListingTheActions() {
    assertThatThrownBy(() -> invoke("{\"action\":\"train\"}"))
        .isInstanceOf(MenagerieException.class)
        .hasMessageContaining("start, prepare, register, evaluate, decide, promote")
        .hasMessageContaining("'train'");
  }

  // ------------------------------------------------------------------ the state, step by step

  /** The state after StartRun: {@code {"run": ...}}. */
  private ObjectNode started() throws Exception {
    JsonNode run = invoke("{\"action\":\"start\",\"input\":{\"name\":\"steps\",\"cutoff\":3}}");
    ObjectNode state = JSON.createObjectNode();
    state.set("run", run);
    return state;
  }

  /** The state after PrepareDataset over a library of two colours. */
  private ObjectNode prepared() throws Exception {
    library(10);
    ObjectNode state = started();
    JsonNode payload = invoke(request("prepare", state));
    ObjectNode dataset = JSON.createObjectNode();
    DATASET_FIELDS.forEach(f -> dataset.set(f, payload.get(f)));
    state.set("dataset", dataset);
    return state;
  }

  /** The state after RegisterCandidate, the training job having written the two-colour model. */
  private ObjectNode registered() throws Exception {
    ObjectNode state = prepared();
    trained(state, version(state));
    JsonNode registered = invoke(request("register", state));
    state.set("candidate", JSON.createObjectNode().set("result", registered));
    return state;
  }

  /** What Train leaves in the state, after uploading the job's model.tar.gz of {@code version}. */
  private void trained(ObjectNode state, String version) throws Exception {
    Path dir = Files.createDirectories(temp.resolve("model-" + UUID.randomUUID()));
    twoColourModel(version).write(dir);
    Path tarGz = temp.resolve(UUID.randomUUID() + ".tar.gz");
    ModelArchive.write(dir, tarGz);
    String key = "runs/" + state.path("run").path("runId").asText() + "/output/model.tar.gz";
    cloud.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(tarGz));
    state.set(
        "training",
        JSON.readTree(
            "{\"TrainingJobName\":\"job-1\",\"TrainingJobStatus\":\"Completed\","
                + "\"ModelArtifacts\":{\"S3ModelArtifacts\":\"s3://"
                + bucket
                + "/"
                + key
                + "\"},\"FinalMetricDataList\":[{\"MetricName\":\"validation:accuracy\","
                + "\"Value\":0.95}]}"));
  }

  private static String request(String action, JsonNode state) {
    ObjectNode request = JSON.createObjectNode().put("action", action);
    request.set("run", state);
    return request.toString();
  }

  private JsonNode invoke(String request) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), out, null);
    return JSON.readTree(out.toByteArray());
  }

  // ------------------------------------------------------------------ fixtures

  /** {@code perClass} solid red and solid blue images under library/. */
  private void library(int perClass) throws Exception {
    for (int i = 0; i < perClass; i++) {
      putImage("library/red/r" + i + ".png", 0xFF0000 + i);
      putImage("library/blue/b" + i + ".png", 0x0000FF + (i << 8));
    }
  }

  private void putImage(String key, int rgb) throws Exception {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    cloud.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(png.toByteArray()));
  }

  /**
   * A model of labels [blue, red] (the dataset's order) that picks the nearer of the two by mean
   * colour: a softmax over a Gemm of the mean pixel, as {@code NearestColourModel} does.
   */
  private static ModelBundle twoColourModel(String version) {
    int size = 8;
    float sharpness = 8f;
    float[][] palette = {{0, 0, 1}, {1, 0, 0}};
    float[] weights = new float[6];
    float[] bias = new float[2];
    for (int k = 0; k < 2; k++) {
      for (int c = 0; c < 3; c++) {
        weights[k * 3 + c] = 2 * sharpness * palette[k][c];
      }
      bias[k] = -sharpness;
    }
    byte[] onnx =
        new OnnxGraph("two-colour")
            .input("pixels", OnnxGraph.DYNAMIC, 3, size, size)
            .initializer("scale", new long[] {1}, new float[] {255f})
            .initializer("weights", new long[] {2, 3}, weights)
            .initializer("bias", new long[] {2}, bias)
            .node("Div", List.of("pixels", "scale"), List.of("unit"))
            .node("GlobalAveragePool", List.of("unit"), List.of("mean"))
            .node("Flatten", List.of("mean"), List.of("features"), Attribute.of("axis", 1L))
            .node(
                "Gemm",
                List.of("features", "weights", "bias"),
                List.of("logits"),
                Attribute.of("transB", 1L))
            .node("Softmax", List.of("logits"), List.of("probabilities"), Attribute.of("axis", 1L))
            .output("probabilities", OnnxGraph.DYNAMIC, 2)
            .toModelBytes(8, 17, "menagerie-two-colour");
    return new ModelBundle(
        onnx,
        List.of("blue", "red"),
        new ModelCard(
            version,
            "two-colour",
            new ModelCard.InputSize(size, size),
            null,
            "2026-11-29T00:00:00Z",
            Map.of("accuracy", 1.0),
            Map.of()));
  }

  private JsonNode readJson(String key) throws Exception {
    return JSON.readTree(cloud.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
  }

  private static RequestBody body(String text) {
    return RequestBody.fromString(text, StandardCharsets.UTF_8);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String version(JsonNode state) {
    return state.path("run").path("version").asText();
  }

  private RunRecord runRecord(JsonNode state) {
    return runs().get(RunKind.TRAINING, state.path("run").path("runId").asText()).orElseThrow();
  }

  private DynamoRunStore runs() {
    return new DynamoRunStore(cloud.dynamo(), runsTable);
  }

  private DynamoModelRegistry registry() {
    return new DynamoModelRegistry(cloud.dynamo(), modelsTable, Clock.systemUTC());
  }
}
