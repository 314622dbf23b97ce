package dev.menagerie.pipeline.steps;

import static dev.menagerie.pipeline.steps.RunArtifacts.LIBRARY;
import static dev.menagerie.pipeline.steps.RunArtifacts.META;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.library.ImageFlags;
import dev.menagerie.common.store.DatasetSummary;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.pipeline.DatasetSplit;
import dev.menagerie.pipeline.Decision;
import dev.menagerie.pipeline.RunRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The PrepareDataset state: reads the library and the benchmark sets ({@link LibraryImages}),
 * applies the cutoff and splits ({@link DatasetSplit}), writes the SageMaker channel manifests and
 * {@code dataset.json} (with the images to evaluate), resolves the base model ({@link
 * BaseModelChoice}) and returns the training job's settings. Fewer than two classes at the cutoff
 * is TOO_FEW_CLASSES.
 */
public final class PrepareDataset implements PipelineStep<RunState, PreparedDataset> {
  static final double VALIDATION_FRACTION = 0.15;
  static final double TEST_FRACTION = 0.15;
  static final int IMAGES_PER_SHARD = 400;
  static final int MAX_SHARDS = 40;

  private final RunArtifacts artifacts;
  private final ModelRegistry registry;
  private final ModelRepository repository;
  private final TrainingRuns runs;
  private final BaseModelChoice bases;

  public PrepareDataset(
      RunArtifacts artifacts,
      ModelRegistry registry,
      ModelRepository repository,
      TrainingRuns runs) {
    this.artifacts = artifacts;
    this.registry = registry;
    this.repository = repository;
    this.runs = runs;
    this.bases = new BaseModelChoice(registry, artifacts);
  }

  /** One image to score: its key, its set (test or a benchmark set) and its true label. */
  public record EvaluationItem(String key, String set, String label) {}

  @Override
  public PreparedDataset run(RunState state) throws IOException {
    String runId = state.runId();
    String version = state.version();
    RunRequest request = state.request();

    Map<String, ImageFlags> flags = artifacts.libraryFlags();
    LibraryImages library = LibraryImages.read(artifacts, flags);
    DatasetSplit.Plan plan =
        DatasetSplit.plan(library.images(), request.cutoff(), VALIDATION_FRACTION, TEST_FRACTION);
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
    if (!library.skipped().isEmpty()) {
      notes.add(LibraryImages.skippedNote(library.skipped()));
    }
    Optional<String> base = bases.resolve(request.baseModel(), production, notes);

    String runPrefix = RunArtifacts.runPrefix(runId);
    String libraryUri = artifacts.uri(LIBRARY);
    List<String> trainKeys = new ArrayList<>(relative(plan.train()));
    if (!flags.isEmpty()) {
      trainKeys.add(META.substring(LIBRARY.length())); // the job reads smallSubject from it
    }
    String trainManifest =
        artifacts.writeManifest(runPrefix + "manifests/train.manifest", libraryUri, trainKeys);
    String validationManifest =
        artifacts.writeManifest(
            runPrefix + "manifests/validation.manifest", libraryUri, relative(plan.validation()));

    List<EvaluationItem> evaluation = new ArrayList<>();
    plan.test()
        .forEach(i -> evaluation.add(new EvaluationItem(i.key(), Decision.TEST_SET, i.label())));
    plan.benchmarks()
        .forEach(
            (set, list) ->
                list.forEach(i -> evaluation.add(new EvaluationItem(i.key(), set, i.label()))));
    int shards =
        Math.max(
            1, Math.min(MAX_SHARDS, (evaluation.size() + IMAGES_PER_SHARD - 1) / IMAGES_PER_SHARD));

    int budget = request.epochBudget(base.isPresent());
    if (request.epochs() == null) {
      notes.add(
          budget
              + " epochs: the default budget of "
              + (base.isPresent() ? "a warm start" : "a run from scratch"));
    }
    Map<String, Integer> benchmarkSizes = new LinkedHashMap<>();
    plan.benchmarks().forEach((set, list) -> benchmarkSizes.put(set, list.size()));
    DatasetSummary summary =
        new DatasetSummary(
            plan.labels(),
            plan.labels().size(),
            plan.counts(),
            plan.belowCutoff(),
            plan.justBelowCutoff(),
            new DatasetSummary.Sizes(
                plan.train().size(), plan.validation().size(), plan.test().size()),
            benchmarkSizes,
            originCounts(plan),
            base.orElse(null),
            budget,
            production.orElse(null),
            notes);
    Map<String, Object> stored = RunArtifacts.JSON.convertValue(summary, LinkedHashMap.class);
    stored.put("evaluation", evaluation);
    stored.put(
        "splits",
        Map.of(
            "train", keys(plan.train()),
            "validation", keys(plan.validation()),
            "test", keys(plan.test())));
    artifacts.putJson(RunArtifacts.datasetKey(runId), stored);

    TrainingJob training =
        new TrainingJob(
            TrainingJob.jobName(runId),
            request.trainingHyperparameters(version, base.isPresent()),
            TrainingJob.channels(
                trainManifest,
                validationManifest,
                base.map(v -> repository.uri(ModelRepository.location(v))).orElse(null)),
            artifacts.uri(runPrefix + "output/"),
            artifacts.uri(runPrefix + "checkpoints/"),
            request.instanceType(),
            request.spot(),
            TrainingJob.StoppingCondition.of(request.maxRuntimeSeconds(), request.spot()));

    runs.update(runId, figures -> figures.withDataset(summary));
    return new PreparedDataset(summary, shardList(shards), training);
  }

  private static List<String> relative(List<DatasetSplit.Image> images) {
    return images.stream().map(i -> i.key().substring(LIBRARY.length())).toList();
  }

  private static List<String> keys(List<DatasetSplit.Image> images) {
    return images.stream().map(DatasetSplit.Image::key).toList();
  }

  private static Map<String, Map<String, Integer>> originCounts(DatasetSplit.Plan plan) {
    Map<String, Map<String, Integer>> out = new TreeMap<>();
    List<DatasetSplit.Image> all = new ArrayList<>(plan.train());
    all.addAll(plan.validation());
    all.addAll(plan.test());
    for (DatasetSplit.Image i : all) {
      out.computeIfAbsent(i.label(), k -> new TreeMap<>())
          .merge(i.origin().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
    }
    return out;
  }

  private static List<Shard> shardList(int shards) {
    List<Shard> list = new ArrayList<>();
    for (int k = 0; k < shards; k++) {
      list.add(new Shard(k, shards));
    }
    return list;
  }
}
