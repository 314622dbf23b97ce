package dev.menagerie.classify;

import dev.menagerie.common.config.AwsSettings;
import dev.menagerie.common.config.Settings;
import dev.menagerie.common.image.ImageLimits;
import java.util.Map;
import java.util.Optional;

/** The classify function's configuration, read once from its environment (see template.yaml). */
public record ClassifyConfig(
    String bucket,
    String transactionsTable,
    String modelsTable,
    Optional<String> modelVersionOverride,
    ImageLimits imageLimits,
    int defaultTopK,
    int topKMax,
    long modelRefreshSeconds,
    String metricsNamespace,
    String serviceName,
    AwsSettings aws) {

  public static ClassifyConfig fromEnvironment(Map<String, String> environment) {
    Settings settings = new Settings(environment);
    int topKMax = settings.intValue("TOP_K_MAX", 20, 1, 1000);
    ClassifyConfig config =
        new ClassifyConfig(
            settings.required("BUCKET_NAME"),
            settings.required("TRANSACTIONS_TABLE"),
            settings.required("MODELS_TABLE"),
            settings.optional("MODEL_VERSION_OVERRIDE"),
            ImageLimits.fromSettings(settings),
            Math.min(5, topKMax),
            topKMax,
            settings.longValue("MODEL_REFRESH_SECONDS", 60, 0, 86_400),
            settings.optional("POWERTOOLS_METRICS_NAMESPACE", "Menagerie"),
            settings.optional("POWERTOOLS_SERVICE_NAME", "classify"),
            AwsSettings.from(settings));
    settings.validate("the classify function");
    return config;
  }
}
