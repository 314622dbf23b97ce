package dev.menagerie.pipeline.steps;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.common.store.ModelMetrics;
import dev.menagerie.common.store.ModelRecord;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.common.store.ModelStatus;
import dev.menagerie.pipeline.ModelArchive;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The RegisterCandidate state: unpacks the training job's {@code model.tar.gz} into {@code
 * models/<version>/} and registers the candidate, with the job's final metrics. The model must be
 * the run's version and carry the dataset's labels, in order.
 */
public final class RegisterCandidate
    implements PipelineStep<RunState, RegisterCandidate.Registered> {
  static final long MAX_MODEL_FILE_BYTES = 1L << 30;

  private final RunArtifacts artifacts;
  private final ModelRegistry registry;
  private final ModelRepository repository;
  private final TrainingRuns runs;

  public RegisterCandidate(
      RunArtifacts artifacts,
      ModelRegistry registry,
      ModelRepository repository,
      TrainingRuns runs) {
    this.artifacts = artifacts;
    this.registry = registry;
    this.repository = repository;
    this.runs = runs;
  }

  /** The registered candidate and where its files are. */
  public record Registered(String version, String location) {}

  @Override
  public Registered run(RunState state) throws IOException {
    String runId = state.runId();
    String version = state.version();
    TrainingJobResult training =
        state.training() == null ? new TrainingJobResult(null, null, null) : state.training();
    Map<String, byte[]> files;
    try (InputStream in =
        artifacts.open(training.artifactsUri(), "the training job's model artifacts")) {
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
    RunState.Dataset dataset = state.datasetOrEmpty();
    List<String> expected = dataset.labels();
    if (!bundle.labels().equals(expected)) {
      throw new MenagerieException(
          ErrorCode.CONFLICT,
          "the model's labels " + bundle.labels() + " are not the dataset's " + expected);
    }
    // SageMaker mode writes the card's version from the "version" hyperparameter; the rest as is
    String location = repository.upload(bundle, files);
    // the precision served: the evaluate step scores this model.onnx, so an int8 model is judged
    // as int8
    Map<String, Double> finalMetrics = new LinkedHashMap<>();
    for (TrainingJobResult.FinalMetric m : training.finalMetrics()) {
      finalMetrics.put(
          m.metricName() == null ? "" : m.metricName(), m.value() == null ? 0.0 : m.value());
    }
    ModelMetrics metrics =
        ModelMetrics.of(card)
            .withTrainingJob(runId, Optional.ofNullable(training.trainingJobName()), finalMetrics);
    registry.register(
        new ModelRecord(
            version,
            ModelStatus.CANDIDATE,
            location,
            card.architecture() == null ? "unknown" : card.architecture(),
            Optional.ofNullable(dataset.baseVersion()),
            runs.clock().instant(),
            metrics));
    runs.update(runId, figures -> figures.withTraining(metrics.training()));
    return new Registered(version, location);
  }
}
