package dev.menagerie.bulk;

import dev.menagerie.common.config.AwsSettings;
import dev.menagerie.common.config.Settings;
import dev.menagerie.common.image.ImageLimits;
import java.util.Map;
import java.util.Optional;

/** The bulk functions' configuration, read once from the environment (see template.yaml). */
public record BulkConfig(
    String bucket,
    String identificationsTable,
    String modelsTable,
    Optional<String> modelVersionOverride,
    ImageLimits imageLimits,
    int topK,
    int inferenceBatch,
    int decodeThreads,
    long modelRefreshSeconds,
    String metricsNamespace,
    String serviceName,
    AwsSettings aws) {

  public static BulkConfig fromEnvironment(Map<String, String> environment) {
    Settings settings = new Settings(environment);
    BulkConfig config =
        new BulkConfig(
            settings.required("BUCKET_NAME"),
            settings.required("IDENTIFICATIONS_TABLE"),
            settings.required("MODELS_TABLE"),
            settings.optional("MODEL_VERSION_OVERRIDE"),
            ImageLimits.fromSettings(settings),
            settings.intValue("BULK_TOP_K", 5, 1, 50),
            settings.intValue("INFERENCE_BATCH", 16, 1, 256),
            settings.intValue(
                "DECODE_THREADS",
                Math.max(2, Runtime.getRuntime().availableProcessors() * 2),
                1,
                64),
            settings.longValue("MODEL_REFRESH_SECONDS", 60, 0, 86_400),
            settings.optional("POWERTOOLS_METRICS_NAMESPACE", "Menagerie"),
            settings.optional("POWERTOOLS_SERVICE_NAME", "bulk"),
            AwsSettings.from(settings));
    settings.validate("the bulk function");
    return config;
  }
}
