package dev.menagerie.local.cloud;

import dev.menagerie.common.inference.Int8Calibration;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.common.store.ModelMetrics;
import dev.menagerie.common.store.ModelRecord;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.common.store.ModelStatus;
import dev.menagerie.onnx.samples.NearestColourModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Uploads a model's files, registers the version, and optionally makes it production. */
public final class ModelInstaller {
  /** The version of the built-in sample model. */
  public static final String SAMPLE_VERSION = "sample-colours-v1";

  private final ModelRepository repository;
  private final ModelRegistry registry;
  private final Clock clock;

  public ModelInstaller(ModelRepository repository, ModelRegistry registry, Clock clock) {
    this.repository = repository;
    this.registry = registry;
    this.clock = clock;
  }

  /** The outcome of an install. */
  public record Installed(String version, String location, boolean production) {}

  public Installed install(ModelBundle bundle, boolean production) {
    ModelCard card = bundle.card();
    String location = repository.upload(bundle);
    registry.register(
        new ModelRecord(
            card.version(),
            ModelStatus.CANDIDATE,
            location,
            card.architecture() == null ? "unknown" : card.architecture(),
            Optional.ofNullable(card.parent()),
            clock.instant(),
            ModelMetrics.of(card)));
    if (production) {
      registry.promote(card.version(), registry.productionVersion());
    }
    return new Installed(card.version(), location, production);
  }

  /**
   * The int8 form of an fp32 model ({@code model install --precision int8}): calibrated on up to
   * {@link Int8Calibration#DEFAULT_IMAGES} images of a labelled folder, its accuracy cost measured
   * on a held-out labelled folder and recorded in the card.
   */
  public static ModelBundle int8(ModelBundle fp32, Path calibration, Path holdout)
      throws IOException {
    ModelCard.InputSize input = fp32.card().input();
    List<float[]> images =
        Int8Calibration.images(
            calibration, Int8Calibration.DEFAULT_IMAGES, input.width(), input.height());
    ModelBundle int8 = Int8Calibration.quantize(fp32, images);
    return Int8Calibration.withHoldoutCost(fp32, int8, holdout);
  }

  /**
   * The tiny nearest-colour model generated in code (see {@link NearestColourModel}): it serves
   * before any model has been trained, and its predictions say nothing about animals.
   */
  public static ModelBundle sampleModel() {
    int size = 64;
    return new ModelBundle(
        NearestColourModel.onnx(size),
        NearestColourModel.LABELS,
        new ModelCard(
            SAMPLE_VERSION,
            "nearest-colour",
            new ModelCard.InputSize(size, size),
            null,
            "2026-11-29T00:00:00Z",
            Map.of(),
            Map.of("note", "a hand-weighted sample model: labels an image by its mean colour")));
  }
}
