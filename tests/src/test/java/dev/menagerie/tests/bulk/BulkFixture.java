package dev.menagerie.tests.bulk;

import dev.menagerie.common.inference.Int8Calibration;
import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.common.model.ModelCard;
import dev.menagerie.common.store.DynamoIdentificationStore;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.cloud.ModelInstaller;
import dev.menagerie.onnx.samples.NearestColourModel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Tables of a test's own (identifications and a registry with the sample model in production) in
 * the shared local cloud, and the environment that points the bulk functions at them.
 */
final class BulkFixture {
  static final String SECOND_VERSION = "sample-colours-v2";

  final LocalCloud cloud;
  final String bucket;
  final String identificationsTable;
  final String modelsTable;
  final DynamoIdentificationStore store;
  final DynamoModelRegistry registry;

  BulkFixture(LocalCloud cloud) {
    this.cloud = cloud;
    this.bucket = cloud.resources().bucketNames().get(0);
    this.identificationsTable =
        cloud.createTableLike("IdentificationsTable", "identifications-" + UUID.randomUUID());
    this.modelsTable = cloud.createTableLike("ModelsTable", "models-" + UUID.randomUUID());
    this.store = new DynamoIdentificationStore(cloud.dynamo(), identificationsTable);
    this.registry = new DynamoModelRegistry(cloud.dynamo(), modelsTable, Clock.systemUTC());
    ModelInstaller installer =
        new ModelInstaller(new ModelRepository(cloud.s3(), bucket), registry, Clock.systemUTC());
    installer.install(ModelInstaller.sampleModel(), true);
    installer.install(secondModel(), false);
  }

  /** The environment overrides that point a bulk function at this fixture's tables. */
  Map<String, String> overrides() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("IDENTIFICATIONS_TABLE", identificationsTable);
    env.put("MODELS_TABLE", modelsTable);
    env.put("MODEL_REFRESH_SECONDS", "0");
    return env;
  }

  /** A function's template environment with the overrides. */
  Map<String, String> environment(String functionId) {
    Map<String, String> env = new LinkedHashMap<>(cloud.functionEnvironment(functionId));
    env.putAll(overrides());
    return env;
  }

  /**
   * A second model whose results must coexist with production's: the sample classifier with a 1x1
   * convolution, served as int8 (calibrated on flat palette colours and their mixes), so bulk
   * identification also runs an int8 graph.
   */
  static ModelBundle secondModel() {
    ModelBundle sample = ModelInstaller.sampleModel();
    ModelCard card = sample.card();
    ModelBundle fp32 =
        new ModelBundle(
            NearestColourModel.onnxWithConvolution(card.input().width()),
            sample.labels(),
            new ModelCard(
                SECOND_VERSION,
                card.architecture(),
                card.input(),
                card.version(),
                card.createdAt(),
                card.metrics(),
                card.details()));
    int pixels = card.input().width() * card.input().height();
    List<float[]> calibration = new ArrayList<>();
    for (int i = 0; i < 27; i++) {
      float[] rgb = {i % 3 * 127.5f, i / 3 % 3 * 127.5f, i / 9 * 127.5f};
      float[] chw = new float[3 * pixels];
      for (int c = 0; c < 3; c++) {
        Arrays.fill(chw, c * pixels, (c + 1) * pixels, rgb[c]);
      }
      calibration.add(chw);
    }
    return Int8Calibration.quantize(fp32, calibration);
  }
}
