package dev.menagerie.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.inference.Classifier;
import dev.menagerie.common.inference.InferenceOptions;
import dev.menagerie.common.inference.Prediction;
import dev.menagerie.common.library.ImageFlags;
import dev.menagerie.common.library.ImageManifest;
import dev.menagerie.common.library.LabelledImage;
import dev.menagerie.common.library.LibraryCatalog;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.common.store.ModelRecord;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.common.store.ModelStatus;
import dev.menagerie.common.store.RunKind;
import dev.menagerie.common.store.RunRecord;
import dev.menagerie.common.store.RunStatus;
import dev.menagerie.common.store.RunStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The training run's steps. The state machine carries small JSON between them; everything large
 * (the split, evaluation scores) lives in the bucket under {@code runs/<runId>/}:
 *
 * <ul>
 *   <li>{@code start}: validates the input ({@link RunRequest}), names the run and the candidate
 *       version, records the run RUNNING.
 *   <li>{@code prepare}: reads the library ({@code library/<label>/...}, flags in {@code
 *       library/_meta/images.jsonl}) and the benchmark sets ({@code benchmarks/<set>/<label>/...}),
 *       applies the cutoff, splits ({@link DatasetSplit}), writes the SageMaker channel manifests
 *       and {@code dataset.json}, resolves the base model and returns the training job's settings.
 *       Fewer than two classes at the cutoff is TOO_FEW_CLASSES.
 *   <li>{@code register}: unpacks the job's {@code model.tar.gz} into {@code models/<version>/} and
 *       registers the candidate.
 *   <li>{@code evaluate}: one shard of the test split and benchmark images, scored by the candidate
 *       and by production.
 *   <li>{@code decide}: {@link Decision} over all shards; stores the figures and reasons with the
 *       run and the model.
 *   <li>{@code promote} (conditional on the production alias still naming the version seen at
 *       prepare), {@code reject}, {@code throwAway} (lists the inbox collections to re-identify),
 *       {@code finish}, and {@code fail} (records the error; a registered candidate is rejected).
 * </ul>
 */
public final class TrainingPipeline {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(TrainingPipeline.class);
  static final ObjectMapper JSON =
      new ObjectMapper()
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
  static final String LIBRARY = "library/";
  static final String META = LIBRARY + LibraryCatalog.MANIFEST;
  static final String BENCHMARKS = "benchmarks/";
  static final String RUNS = "runs/";
  static final double VALIDATION_FRACTION = 0.15;
  static final double TEST_FRACTION = 0.15;
  static final int IMAGES_PER_SHARD = 400;
  static final int MAX_SHARDS = 40;
  static final long MAX_MODEL_FILE_BYTES = 1L << 30;

  private final S3Client s3;
  private final String bucket;
  private final ModelRegistry registry;
  private final ModelRepository repository;
  private final RunStore runs;
  private final ImageDecoder decoder;
  private final long maxImageBytes;
  private final Clock clock;

  public TrainingPipeline(
      S3Client s3,
      String bucket,
      ModelRegistry registry,
      ModelRepository repository,
      RunStore runs,
      ImageDecoder decoder,
      long maxImageBytes,
      Clock clock) {
    this.s3 = s3;
    this.bucket = bucket;
    this.registry = registry;
    this.repository = repository;
    this.runs = runs;
    this.decoder = decoder;
    this.maxImageBytes = maxImageBytes;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- start

  public Map<String, Object> start(JsonNode input) {
    RunRequest request = RunRequest.parse(input);
    Instant now = clock.instant();
    String runId = RunRecord.newRunId(now);
    String version =
        "v"
            + VERSION_TIME.format(now)
            + "-"
            + runId.substring(runId.length() - 8, runId.length() - 4);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("name", request.name());
    figures.put("throwAway", request.throwAway());
    figures.put("cutoff", request.cutoff());
    figures.put("baseModel", request.baseModel());
    figures.put("input", JSON.convertValue(input, Object.class));
    runs.put(RunRecord.running(RunKind.TRAINING, runId, now, version, figures));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("runId", runId);
    out.put("version", version);
    out.put("name", request.name());
    out.put("throwAway", request.throwAway());
    out.put("request", JSON.convertValue(input.isObject() ? input : Map.of(), Object.class));
    return out;
  }

  // ---------------------------------------------------------------- prepare

  public Map<String, Object> prepare(JsonNode state) throws IOException {
    String runId = runId(state);
    String version = state.path("run").path("version").asText();
    RunRequest request = RunRequest.parse(state.path("run").path("request"));

    Map<String, ImageFlags> flags = readFlags();
    List<DatasetSplit.Image> images = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    LibraryCatalog.Scan library = LibraryCatalog.scan(relativeKeys(LIBRARY), flags);
    for (LabelledImage i : library.images()) {
      images.add(
          new DatasetSplit.Image(
              LIBRARY + i.key(),
              i.label(),
              i.origin(),
              i.smallSubject(),
              i.flags().group(),
              i.flags().benchmark()));
    }
    library.skipped().forEach(s -> skipped.add(LIBRARY + s));
    Map<String, List<String>> benchmarkKeys = new TreeMap<>();
    for (String relative : relativeKeys(BENCHMARKS)) {
      int slash = relative.indexOf('/');
      if (slash > 0) {
        benchmarkKeys
            .computeIfAbsent(relative.substring(0, slash), k -> new ArrayList<>())
            .add(relative.substring(slash + 1));
      }
    }
    benchmarkKeys.forEach(
        (set, keys) -> {
          String prefix = BENCHMARKS + set + "/";
          LibraryCatalog.Scan scan = LibraryCatalog.scan(keys, Map.of());
          scan.images()
              .forEach(
                  i ->
                      images.add(
                          new DatasetSplit.Image(
                              prefix + i.key(), i.label(), i.origin(), false, null, set)));
          scan.skipped().forEach(s -> skipped.add(prefix + s));
        });
    DatasetSplit.Plan plan =
        DatasetSplit.plan(images, request.cutoff(), VALIDATION_FRACTION, TEST_FRACTION);
    if (plan.labels().size() < 2) {
      throw new MenagerieException(
          ErrorCode.TOO_FEW_CLASSES,
          "only "
              + plan.labels().size()
              + " class(es) have at least "
              + request.cutoff()
              + " labelled images ("
              + plan.labels()
              + "); a classifier needs two. Below the cutoff: "
              + plan.belowCutoff());
    }

    Optional<String> production = registry.productionVersion();
    List<String> notes = new ArrayList<>();
    if (!skipped.isEmpty()) {
      notes.add(skippedNote(skipped));
    }
    Optional<String> base = resolveBase(request.baseModel(), production, notes);

    String runPrefix = RUNS + runId + "/";
    String libraryUri = "s3://" + bucket + "/" + LIBRARY;
    List<String> trainKeys = new ArrayList<>(relative(plan.train()));
    if (!flags.isEmpty()) {
      trainKeys.add(META.substring(LIBRARY.length())); // the job reads smallSubject from it
    }
    String trainManifest =
        writeManifest(runPrefix + "manifests/train.manifest", libraryUri, trainKeys);
    String validationManifest =
        writeManifest(
            runPrefix + "manifests/validation.manifest", libraryUri, relative(plan.validation()));

    List<Map<String, String>> evaluation = new ArrayList<>();
    plan.test()
        .forEach(
            i ->
                evaluation.add(
                    Map.of("key", i.key(), "set", Decision.TEST_SET, "label", i.label())));
    plan.benchmarks()
        .forEach(
            (set, list) ->
                list.forEach(
                    i -> evaluation.add(Map.of("key", i.key(), "set", set, "label", i.label()))));
    int shards =
        Math.max(
            1, Math.min(MAX_SHARDS, (evaluation.size() + IMAGES_PER_SHARD - 1) / IMAGES_PER_SHARD));

    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("labels", plan.labels());
    dataset.put("classCount", plan.labels().size());
    dataset.put("counts", plan.counts());
    dataset.put("belowCutoff", plan.belowCutoff());
    dataset.put("justBelowCutoff", plan.justBelowCutoff());
    dataset.put(
        "sizes",
        Map.of(
            "train", plan.train().size(),
            "validation", plan.validation().size(),
            "test", plan.test().size()));
    Map<String, Integer> benchmarkSizes = new LinkedHashMap<>();
    plan.benchmarks().forEach((set, list) -> benchmarkSizes.put(set, list.size()));
    dataset.put("benchmarks", benchmarkSizes);
    dataset.put("origins", originCounts(plan));
    dataset.put("baseVersion", base.orElse(null));
    int budget = request.epochBudget(base.isPresent());
    dataset.put("epochBudget", budget);
    if (request.epochs() == null) {
      notes.add(
          budget
              + " epochs: the default budget of "
              + (base.isPresent() ? "a warm start" : "a run from scratch"));
    }
    dataset.put("productionVersion", production.orElse(null));
    dataset.put("notes", notes);
    Map<String, Object> stored = new LinkedHashMap<>(dataset);
    stored.put("evaluation", evaluation);
    stored.put(
        "splits",
        Map.of(
            "train", keys(plan.train()),
            "validation", keys(plan.validation()),
            "test", keys(plan.test())));
    putJson(runPrefix + "dataset.json", stored);

    List<Map<String, Object>> channels = new ArrayList<>();
    channels.add(manifestChannel("train", trainManifest));
    channels.add(manifestChannel("validation", validationManifest));
    base.ifPresent(
        v ->
            channels.add(
                Map.of(
                    "ChannelName",
                    "base",
                    "DataSource",
                    Map.of(
                        "S3DataSource",
                        Map.of(
                            "S3DataType", "S3Prefix",
                            "S3Uri", repository.uri(ModelRepository.location(v)),
                            "S3DataDistributionType", "FullyReplicated")))));
    Map<String, Object> stopping = new LinkedHashMap<>();
    stopping.put("MaxRuntimeInSeconds", request.maxRuntimeSeconds());
    if (request.spot()) {
      stopping.put("MaxWaitTimeInSeconds", request.maxRuntimeSeconds() * 2);
    }
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("jobName", ("menagerie-" + runId).toLowerCase(Locale.ROOT));
    training.put("hyperParameters", request.trainingHyperparameters(version, base.isPresent()));
    training.put("inputDataConfig", channels);
    training.put("outputPath", "s3://" + bucket + "/" + runPrefix + "output/");
    training.put("checkpointUri", "s3://" + bucket + "/" + runPrefix + "checkpoints/");
    training.put("instanceType", request.instanceType());
    training.put("spot", request.spot());
    training.put("stoppingCondition", stopping);

    updateRun(runId, f -> f.put("dataset", dataset));
    Map<String, Object> out = new LinkedHashMap<>(dataset);
    out.put("shards", shardList(shards));
    out.put("training", training);
    return out;
  }

  private Optional<String> resolveBase(
      String requested, Optional<String> production, List<String> notes) {
    if (requested.equals(RunRequest.BASE_NONE)) {
      notes.add("from scratch (baseModel none)");
      return Optional.empty();
    }
    if (requested.equals(RunRequest.BASE_PRODUCTION)) {
      if (production.isEmpty()) {
        notes.add("from scratch: there is no production model");
        return Optional.empty();
      }
      if (!hasWarmStartFiles(production.get())) {
        notes.add(
            "from scratch: production model "
                + production.get()
                + " has no weights to warm-start from (not trained by the training job)");
        return Optional.empty();
      }
      notes.add("warm start from production " + production.get() + " (head reset)");
      return production;
    }
    ModelRecord model =
        registry
            .get(requested)
            .orElseThrow(
                () ->
                    new MenagerieException(
                        ErrorCode.NOT_FOUND, "baseModel " + requested + " is not registered"));
    if (!hasWarmStartFiles(model.version())) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER,
          "baseModel " + requested + " has no weights to warm-start from");
    }
    notes.add("warm start from " + requested + " (head reset)");
    return Optional.of(requested);
  }

  private boolean hasWarmStartFiles(String version) {
    String location = ModelRepository.location(version);
    return exists(location + "weights.params") && exists(location + "architecture.json");
  }

  // ---------------------------------------------------------------- register

  public Map<String, Object> register(JsonNode state) throws IOException {
    String runId = runId(state);
    String version = state.path("run").path("version").asText();
    JsonNode training = state.path("training");
    String artifacts = training.path("ModelArtifacts").path("S3ModelArtifacts").asText("");
    String prefix = "s3://" + bucket + "/";
    if (!artifacts.startsWith(prefix)) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER,
          "the training job's model artifacts '" + artifacts + "' are not in " + prefix);
    }
    Map<String, byte[]> files;
    try (InputStream in =
        s3.getObject(b -> b.bucket(bucket).key(artifacts.substring(prefix.length())))) {
      files = new LinkedHashMap<>(ModelArchive.read(in, MAX_MODEL_FILE_BYTES));
    }
    for (String required : ModelBundle.FILES) {
      if (!files.containsKey(required)) {
        throw new MenagerieException(
            ErrorCode.INVALID_PARAMETER, "model.tar.gz has no " + required + ": " + files.keySet());
      }
    }
    ModelBundle bundle =
        ModelBundle.parse(
            files.remove(ModelBundle.ONNX_FILE),
            files.remove(ModelBundle.LABELS_FILE),
            files.remove(ModelBundle.CARD_FILE));
    ModelCard card = bundle.card();
    if (!card.version().equals(version)) {
      throw new MenagerieException(
          ErrorCode.CONFLICT,
          "the job wrote model " + card.version() + " but the run expects " + version);
    }
    List<String> expected =
        JSON.convertValue(
            state.path("dataset").path("labels"), new TypeReference<List<String>>() {});
    if (!bundle.labels().equals(expected)) {
      throw new MenagerieException(
          ErrorCode.CONFLICT,
          "the model's labels " + bundle.labels() + " are not the dataset's " + expected);
    }
    // SageMaker mode writes the card's version from the "version" hyperparameter; the rest as is
    String location = repository.upload(bundle, files);
    // the precision served: the evaluate step scores this model.onnx, so an int8 model is judged
    // as int8
    Map<String, Object> metrics = new LinkedHashMap<>(ModelRecord.metricsOf(card));
    for (JsonNode m : training.path("FinalMetricDataList")) {
      metrics.put("final:" + m.path("MetricName").asText(), m.path("Value").asDouble());
    }
    metrics.put("runId", runId);
    if (training.hasNonNull("TrainingJobName")) {
      metrics.put("trainingJob", training.path("TrainingJobName").asText());
    }
    String base = state.path("dataset").path("baseVersion").asText(null);
    registry.register(
        new ModelRecord(
            version,
            ModelStatus.CANDIDATE,
            location,
            card.architecture() == null ? "unknown" : card.architecture(),
            Optional.ofNullable(base),
            clock.instant(),
            metrics));
    updateRun(runId, f -> f.put("training", card.metrics()));
    return Map.of("version", version, "location", location);
  }

  // ---------------------------------------------------------------- evaluate

  public Map<String, Object> evaluate(JsonNode state, JsonNode shardNode) throws IOException {
    String runId = runId(state);
    String version = state.path("run").path("version").asText();
    int shard = shardNode.path("shard").asInt(-1);
    int shards = shardNode.path("shards").asInt(-1);
    if (shards < 1 || shard < 0 || shard >= shards) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, "bad shard " + shard + " of " + shards);
    }
    JsonNode dataset = readJson(RUNS + runId + "/dataset.json");
    List<JsonNode> mine = new ArrayList<>();
    int index = 0;
    for (JsonNode item : dataset.path("evaluation")) {
      if (index++ % shards == shard) {
        mine.add(item);
      }
    }
    String production = dataset.path("productionVersion").asText(null);
    List<String> versions = production == null ? List.of(version) : List.of(version, production);
    List<ModelScores> scores = score(versions, mine);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("candidate", scores.get(0).scored());
    out.put("candidateLabels", scores.get(0).labels());
    if (production != null) {
      out.put("productionVersion", production);
      out.put("production", scores.get(1).scored());
      out.put("productionLabels", scores.get(1).labels());
    }
    putJson(RUNS + runId + "/evaluation/shard-" + shard + ".json", out);
    return Map.of("shard", shard, "images", scores.get(0).scored().size());
  }

  /** One model's labels and its scores on a shard's images. */
  private record ModelScores(List<String> labels, List<Scored> scored) {}

  /**
   * Scores {@code items} with each of {@code versions} in one pass: each image is read once and
   * decoded once per input size; an image that does not decode is left out for every model, so the
   * scores stay paired.
   */
  private List<ModelScores> score(List<String> versions, List<JsonNode> items) {
    List<Classifier> classifiers = new ArrayList<>();
    try {
      for (String version : versions) {
        ModelRecord record =
            registry
                .get(version)
                .orElseThrow(
                    () ->
                        new MenagerieException(ErrorCode.NOT_FOUND, "no model version " + version));
        classifiers.add(
            Classifier.load(repository.download(record.location()), InferenceOptions.defaults()));
      }
      List<List<Scored>> scored = new ArrayList<>();
      classifiers.forEach(c -> scored.add(new ArrayList<>()));
      for (JsonNode item : items) {
        String key = item.path("key").asText();
        byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        if (bytes.length > maxImageBytes) {
          continue; // the classify function would refuse it too
        }
        List<float[]> inputs = new ArrayList<>();
        Map<String, float[]> bySize = new HashMap<>();
        try {
          for (Classifier c : classifiers) {
            inputs.add(
                bySize.computeIfAbsent(
                    c.inputWidth() + "x" + c.inputHeight(),
                    size -> decoder.decode(bytes, c.inputWidth(), c.inputHeight()).toChw()));
          }
        } catch (MenagerieException e) {
          continue; // not an image the system can read: not evaluable for either model
        }
        for (int m = 0; m < classifiers.size(); m++) {
          Classifier c = classifiers.get(m);
          List<Prediction> top = c.classify(inputs.get(m), Math.min(5, c.labels().size()));
          scored
              .get(m)
              .add(
                  new Scored(
                      key,
                      item.path("set").asText(),
                      item.path("label").asText(),
                      top.stream().map(Prediction::label).toList(),
                      top.stream().map(p -> (double) p.confidence()).toList()));
        }
      }
      List<ModelScores> out = new ArrayList<>();
      for (int m = 0; m < classifiers.size(); m++) {
        out.add(new ModelScores(classifiers.get(m).labels(), scored.get(m)));
      }
      return out;
    } finally {
      classifiers.forEach(Classifier::close);
    }
  }

  // ---------------------------------------------------------------- decide

  public Map<String, Object> decide(JsonNode state) throws IOException {
    String runId = runId(state);
    String version = state.path("run").path("version").asText();
    JsonNode dataset = state.path("dataset");
    int shards = dataset.path("shards").size();
    List<Scored> candidate = new ArrayList<>();
    List<Scored> production = new ArrayList<>();
    String productionVersion = dataset.path("productionVersion").asText(null);
    List<String> candidateLabels = List.of();
    Optional<List<String>> productionLabels = Optional.empty();
    TypeReference<List<String>> labels = new TypeReference<>() {};
    for (int k = 0; k < shards; k++) {
      JsonNode shard = readJson(RUNS + runId + "/evaluation/shard-" + k + ".json");
      // every shard loaded the same two models; their labels come with the scores
      candidateLabels = JSON.convertValue(shard.path("candidateLabels"), labels);
      if (shard.has("productionLabels")) {
        productionLabels = Optional.of(JSON.convertValue(shard.path("productionLabels"), labels));
      }
      candidate.addAll(
          JSON.convertValue(shard.path("candidate"), new TypeReference<List<Scored>>() {}));
      if (shard.has("production")) {
        production.addAll(
            JSON.convertValue(shard.path("production"), new TypeReference<List<Scored>>() {}));
      }
    }
    RunRequest request = RunRequest.parse(state.path("run").path("request"));
    Decision decision =
        Decision.decide(
            request.throwAway(),
            candidateLabels,
            candidate,
            productionLabels,
            production,
            request.policy());
    Map<String, Object> stored = new LinkedHashMap<>();
    stored.put("outcome", decision.outcome().name());
    stored.put("reasons", decision.reasons());
    stored.put("productionVersion", productionVersion);
    stored.putAll(decision.figures());
    putJson(RUNS + runId + "/evaluation.json", stored);

    Map<String, Object> summary = summary(decision, productionVersion, runId);
    registry.addMetrics(version, Map.of("decision", summary));
    updateRun(runId, f -> f.put("decision", summary));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("outcome", decision.outcome().name());
    out.put("reasons", decision.reasons());
    return out;
  }

  private Map<String, Object> summary(Decision decision, String productionVersion, String runId) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("outcome", decision.outcome().name());
    summary.put("reasons", decision.reasons());
    summary.put("against", productionVersion);
    summary.put("evaluation", "s3://" + bucket + "/" + RUNS + runId + "/evaluation.json");
    Map<String, Object> accuracy = new LinkedHashMap<>();
    Object sets = decision.figures().get("sets");
    if (sets instanceof Map<?, ?> bySet) {
      bySet.forEach(
          (set, models) -> {
            Map<String, Object> figures = new LinkedHashMap<>();
            ((Map<?, ?>) models)
                .forEach(
                    (model, metrics) -> {
                      Metrics m = (Metrics) metrics;
                      figures.put(
                          String.valueOf(model),
                          Map.of(
                              "accuracy",
                              m.accuracy(),
                              "top5",
                              m.top5(),
                              "images",
                              m.images(),
                              "ece",
                              m.ece()));
                    });
            accuracy.put(String.valueOf(set), figures);
          });
    }
    summary.put("sets", accuracy);
    if (decision.figures().get("comparison") != null) {
      summary.put("comparison", decision.figures().get("comparison"));
    }
    return summary;
  }

  // ---------------------------------------------------------------- outcomes

  public Map<String, Object> promote(JsonNode state) {
    String runId = runId(state);
    String version = state.path("run").path("version").asText();
    Optional<String> expected =
        Optional.ofNullable(state.path("dataset").path("productionVersion").asText(null));
    registry.promote(version, expected, "training run " + runId);
    finishRun(runId, "PROMOTED", Map.of());
    return Map.of("version", version, "outcome", "PROMOTED", "previous", expected.orElse(""));
  }

  public Map<String, Object> reject(JsonNode state) {
    String runId = runId(state);
    String version = state.path("run").path("version").asText();
    registry.setStatus(version, ModelStatus.REJECTED);
    finishRun(runId, "REJECTED", Map.of());
    return Map.of("version", version, "outcome", "REJECTED");
  }

  public Map<String, Object> throwAway(JsonNode state) {
    String version = state.path("run").path("version").asText();
    registry.setStatus(version, ModelStatus.THROW_AWAY);
    List<Map<String, String>> collections = new ArrayList<>();
    for (CommonPrefix p :
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("inbox/").delimiter("/"))
            .commonPrefixes()) {
      collections.add(Map.of("prefix", p.prefix(), "modelVersion", version));
    }
    return Map.of("version", version, "collections", collections);
  }

  public Map<String, Object> finish(JsonNode state, JsonNode identified) {
    String runId = runId(state);
    List<Object> bulkRuns = new ArrayList<>();
    for (JsonNode execution : identified) {
      JsonNode output = execution.path("Output");
      if (output.isTextual()) {
        try {
          output = JSON.readTree(output.asText());
        } catch (IOException e) {
          output = JSON.createObjectNode();
        }
      }
      bulkRuns.add(JSON.convertValue(output.path("run"), Object.class));
    }
    finishRun(runId, "THROW_AWAY", Map.of("reidentified", bulkRuns));
    return Map.of("outcome", "THROW_AWAY", "collections", bulkRuns.size());
  }

  public Map<String, Object> fail(JsonNode state, JsonNode error) {
    String runId = state.path("run").path("runId").asText("");
    String message =
        error.path("Error").asText("Error") + ": " + truncate(error.path("Cause").asText(""), 8000);
    if (runId.isEmpty()) {
      return Map.of("recorded", false, "error", message);
    }
    String version = state.path("run").path("version").asText("");
    try {
      registry
          .get(version)
          .filter(m -> m.status() == ModelStatus.CANDIDATE)
          .ifPresent(
              m -> {
                registry.setStatus(version, ModelStatus.REJECTED);
                registry.addMetrics(version, Map.of("failure", message));
              });
    } catch (RuntimeException e) {
      // the run's record matters more: keep going, the candidate stays a candidate
      LOG.warn("could not reject candidate {} of failed run {}: {}", version, runId, e.toString());
    }
    runs.get(RunKind.TRAINING, runId)
        .ifPresent(
            run ->
                runs.put(
                    run.finished(
                        RunStatus.FAILED, clock.instant(), run.figures(), Optional.of(message))));
    return Map.of("recorded", true, "runId", runId, "error", message);
  }

  // ---------------------------------------------------------------- helpers

  private void finishRun(String runId, String outcome, Map<String, Object> extra) {
    RunRecord run = runOf(runId);
    Map<String, Object> figures = new LinkedHashMap<>(run.figures());
    figures.put("outcome", outcome);
    figures.putAll(extra);
    runs.put(run.finished(RunStatus.SUCCEEDED, clock.instant(), figures, Optional.empty()));
  }

  private void updateRun(String runId, java.util.function.Consumer<Map<String, Object>> change) {
    RunRecord run = runOf(runId);
    Map<String, Object> figures = new LinkedHashMap<>(run.figures());
    change.accept(figures);
    runs.put(
        new RunRecord(
            run.kind(),
            run.runId(),
            run.status(),
            run.startedAt(),
            run.endedAt(),
            run.modelVersion(),
            figures,
            run.error()));
  }

  private RunRecord runOf(String runId) {
    return runs.get(RunKind.TRAINING, runId)
        .orElseThrow(() -> new MenagerieException(ErrorCode.NOT_FOUND, "no training run " + runId));
  }

  private static String runId(JsonNode state) {
    String runId = state.path("run").path("runId").asText("");
    if (runId.isEmpty()) {
      throw new MenagerieException(ErrorCode.INVALID_PARAMETER, "the state has no run.runId");
    }
    return runId;
  }

  private Map<String, ImageFlags> readFlags() {
    byte[] bytes;
    try {
      bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(META)).asByteArray();
    } catch (NoSuchKeyException e) {
      return Map.of();
    }
    return ImageManifest.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), META);
  }

  /** The keys under {@code prefix}, relative to it. */
  private List<String> relativeKeys(String prefix) {
    return list(prefix).stream().map(k -> k.substring(prefix.length())).toList();
  }

  /** One note for the files the library rule skipped: how many, and the first few with reasons. */
  static String skippedNote(List<String> skipped) {
    int shown = Math.min(5, skipped.size());
    return "skipped "
        + skipped.size()
        + " file(s) that are not images the training job can read: "
        + String.join("; ", skipped.subList(0, shown))
        + (skipped.size() > shown ? "; and " + (skipped.size() - shown) + " more" : "");
  }

  private List<String> list(String prefix) {
    List<String> keys = new ArrayList<>();
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      if (!o.key().endsWith("/")) {
        keys.add(o.key());
      }
    }
    return keys;
  }

  private boolean exists(String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404 || e.statusCode() == 403) {
        return false;
      }
      throw e;
    }
  }

  private String writeManifest(String key, String prefixUri, List<String> relativeKeys)
      throws IOException {
    List<Object> manifest = new ArrayList<>();
    manifest.add(Map.of("prefix", prefixUri));
    manifest.addAll(relativeKeys);
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType("application/json"),
        RequestBody.fromBytes(new ObjectMapper().writeValueAsBytes(manifest)));
    return "s3://" + bucket + "/" + key;
  }

  private static Map<String, Object> manifestChannel(String name, String manifestUri) {
    return Map.of(
        "ChannelName",
        name,
        "DataSource",
        Map.of(
            "S3DataSource",
            Map.of(
                "S3DataType", "ManifestFile",
                "S3Uri", manifestUri,
                "S3DataDistributionType", "FullyReplicated")));
  }

  private void putJson(String key, Object value) throws IOException {
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType("application/json"),
        RequestBody.fromBytes(JSON.writeValueAsBytes(value)));
  }

  private JsonNode readJson(String key) throws IOException {
    try {
      return JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException e) {
      throw new MenagerieException(
          ErrorCode.NOT_FOUND, "s3://" + bucket + "/" + key + " is missing", e);
    }
  }

  private static List<String> relative(List<DatasetSplit.Image> images) {
    return images.stream().map(i -> i.key().substring(LIBRARY.length())).toList();
  }

  private static List<String> keys(List<DatasetSplit.Image> images) {
    return images.stream().map(DatasetSplit.Image::key).toList();
  }

  private static Map<String, Map<String, Integer>> originCounts(DatasetSplit.Plan plan) {
    Map<String, Map<String, Integer>> out = new java.util.TreeMap<>();
    List<DatasetSplit.Image> all = new ArrayList<>(plan.train());
    all.addAll(plan.validation());
    all.addAll(plan.test());
    for (DatasetSplit.Image i : all) {
      out.computeIfAbsent(i.label(), k -> new java.util.TreeMap<>())
          .merge(i.origin().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
    }
    return out;
  }

  private static List<Map<String, Integer>> shardList(int shards) {
    List<Map<String, Integer>> list = new ArrayList<>();
    for (int k = 0; k < shards; k++) {
      list.add(Map.of("shard", k, "shards", shards));
    }
    return list;
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }
}
