package dev.menagerie.reports;

import dev.menagerie.common.config.AwsSettings;
import dev.menagerie.common.config.Settings;
import dev.menagerie.reports.report.CostModel;
import java.util.Map;

/** The reports and rollup functions' configuration, read once from the environment. */
public record ReportsConfig(
    String transactionsTable,
    String evaluationsTable,
    String rollupsTable,
    String modelsTable,
    String runsTable,
    CostModel cost,
    int rollupLookbackDays,
    String serviceName,
    AwsSettings aws) {

  /** Lambda's x86 list prices (us-east-1) when the template passes none. */
  public static final double DEFAULT_PRICE_PER_GB_SECOND = 0.0000166667;

  public static final double DEFAULT_PRICE_PER_REQUEST = 0.0000002;

  public static ReportsConfig fromEnvironment(Map<String, String> environment) {
    Settings settings = new Settings(environment);
    ReportsConfig config =
        new ReportsConfig(
            settings.required("TRANSACTIONS_TABLE"),
            settings.required("EVALUATIONS_TABLE"),
            settings.required("ROLLUPS_TABLE"),
            settings.required("MODELS_TABLE"),
            settings.required("RUNS_TABLE"),
            new CostModel(
                settings.intValue("CLASSIFY_MEMORY_MB", 3008, 128, 10240),
                settings.decimal("PRICE_PER_GB_SECOND", DEFAULT_PRICE_PER_GB_SECOND, 0, 1),
                settings.decimal("PRICE_PER_REQUEST", DEFAULT_PRICE_PER_REQUEST, 0, 1)),
            settings.intValue("ROLLUP_LOOKBACK_DAYS", 7, 1, 366),
            settings.optional("POWERTOOLS_SERVICE_NAME", "reports"),
            AwsSettings.from(settings));
    settings.validate("the reports functions");
    return config;
  }
}
