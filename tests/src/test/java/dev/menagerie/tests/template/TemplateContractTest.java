package dev.menagerie.tests.template;

import static dev.menagerie.local.template.CloudFormationYaml.asList;
import static dev.menagerie.local.template.CloudFormationYaml.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.menagerie.local.template.CloudFormationYaml;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shapes other code relies on: the names the functions read from their environment, the keys
 * the stores write, the handler the build must produce, the parameters and outputs operators use.
 * Changing one of these is a change to the code too; this test makes that visible.
 */
class TemplateContractTest {

  private static CloudFormationYaml template;

  @BeforeAll
  static void readTemplate() throws IOException {
    template = CloudFormationYaml.load(RepositoryRoot.template());
  }

  @Test
  void classifyFunction_shouldReadExactlyItsConfiguration() {
    Map<String, Object> environment = template.functionEnvironment("ClassifyFunction");

    assertThat(environment)
        .containsOnlyKeys(
            "BUCKET_NAME",
            "TRANSACTIONS_TABLE",
            "MODELS_TABLE",
            "MODEL_VERSION_OVERRIDE",
            "MAX_IMAGE_BYTES",
            "MAX_IMAGE_PIXELS",
            "TOP_K_MAX",
            "POWERTOOLS_SERVICE_NAME",
            "POWERTOOLS_METRICS_NAMESPACE",
            "POWERTOOLS_LOG_LEVEL")
        .containsEntry("BUCKET_NAME", Map.of("Ref", "Bucket"))
        .containsEntry("TRANSACTIONS_TABLE", Map.of("Ref", "TransactionsTable"))
        .containsEntry("MODELS_TABLE", Map.of("Ref", "ModelsTable"))
        .containsEntry("MODEL_VERSION_OVERRIDE", Map.of("Ref", "ModelVersionOverride"))
        .containsEntry("MAX_IMAGE_BYTES", Map.of("Ref", "MaxImageBytes"))
        .containsEntry("MAX_IMAGE_PIXELS", Map.of("Ref", "MaxImagePixels"))
        .containsEntry("TOP_K_MAX", Map.of("Ref", "TopKMax"))
        .containsEntry("POWERTOOLS_SERVICE_NAME", "classify")
        .containsEntry("POWERTOOLS_METRICS_NAMESPACE", "Menagerie")
        .containsEntry("POWERTOOLS_LOG_LEVEL", "INFO");
  }

  @Test
  void classifyFunction_shouldBeTheSnapStartJavaHandlerTheBuildProduces() {
    assertThat(template.functionProperty("ClassifyFunction", "Handler"))
        .isEqualTo("dev.menagerie.classify.ClassifyHandler::handleRequest");
    assertThat(template.functionProperty("ClassifyFunction", "CodeUri"))
        .isEqualTo("functions/classify/target/classify-lambda.jar");
    assertThat(template.functionProperty("ClassifyFunction", "Runtime")).isEqualTo("java21");
    assertThat(template.functionProperty("ClassifyFunction", "Timeout")).isEqualTo(30);
    assertThat(template.functionProperty("ClassifyFunction", "MemorySize"))
        .isEqualTo(Map.of("Ref", "ClassifyMemorySize"));
    assertThat(template.functionProperty("ClassifyFunction", "AutoPublishAlias")).isEqualTo("live");
    assertThat(template.functionProperty("ClassifyFunction", "SnapStart"))
        .isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
  }

  @Test
  void classifyRoute_shouldInvokeTheLiveAlias() {
    Map<String, Object> route = template.properties("ClassifyRoute");
    assertThat(route)
        .containsEntry("RouteKey", "POST /classify")
        .containsEntry("Target", Map.of("Fn::Sub", "integrations/${ClassifyIntegration}"));
    assertThat(template.properties("ClassifyIntegration"))
        .containsEntry("IntegrationUri", Map.of("Ref", "ClassifyFunction.Alias"))
        .containsEntry("PayloadFormatVersion", "2.0");
    assertThat(template.properties("ClassifyApiPermission"))
        .containsEntry("FunctionName", Map.of("Ref", "ClassifyFunction.Alias"));
  }

  @Test
  void transactionsTable_shouldBeKeyedByRequestWithAShardedDayIndex() {
    Map<String, Object> table = template.properties("TransactionsTable");
    assertThat(table).containsEntry("BillingMode", "PAY_PER_REQUEST");
    assertThat(attributes(table))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("requestId", "S", "dayShard", "S", "createdAt", "S"));
    assertThat(keys(table.get("KeySchema"))).containsExactly("requestId HASH");
    List<Object> indexes = asList(table.get("GlobalSecondaryIndexes"));
    assertThat(indexes).hasSize(1);
    Map<String, Object> byDay = asMap(indexes.get(0));
    assertThat(byDay).containsEntry("IndexName", "byDay");
    assertThat(keys(byDay.get("KeySchema"))).containsExactly("dayShard HASH", "createdAt RANGE");
    assertThat(asMap(byDay.get("Projection"))).containsEntry("ProjectionType", "ALL");
  }

  @Test
  void modelsTable_shouldBeKeyedByPartitionAndSortKey() {
    Map<String, Object> table = template.properties("ModelsTable");
    assertThat(table).containsEntry("BillingMode", "PAY_PER_REQUEST");
    assertThat(attributes(table)).containsExactlyInAnyOrderEntriesOf(Map.of("pk", "S", "sk", "S"));
    assertThat(keys(table.get("KeySchema"))).containsExactly("pk HASH", "sk RANGE");
  }

  @Test
  void parameters_shouldHaveTheirDocumentedDefaults() {
    Map<String, Object> parameters = template.parameters();
    assertThat(asMap(parameters.get("ClassifyMemorySize")))
        .containsEntry("Type", "Number")
        .containsEntry("Default", 3008)
        .containsEntry("MinValue", 512)
        .containsEntry("MaxValue", 10240);
    assertThat(asMap(parameters.get("LogRetentionDays"))).containsEntry("Default", 30);
    assertThat(asMap(parameters.get("AuthMode")))
        .containsEntry("Default", "IAM")
        .containsEntry("AllowedValues", List.of("IAM", "JWT"));
    assertThat(asMap(parameters.get("JwtIssuer"))).containsEntry("Default", "");
    assertThat(asMap(parameters.get("JwtAudience"))).containsEntry("Default", "");
    assertThat(asMap(parameters.get("ModelVersionOverride"))).containsEntry("Default", "");
    assertThat(asMap(parameters.get("MaxImageBytes"))).containsEntry("Default", 10485760);
    assertThat(asMap(parameters.get("MaxImagePixels"))).containsEntry("Default", 40000000);
    assertThat(asMap(parameters.get("TopKMax"))).containsEntry("Default", 20);
  }

  @Test
  void outputs_shouldNameWhatOperatorsAndTheCliNeed() {
    assertThat(template.outputs())
        .containsKeys(
            "ApiUrl",
            "BucketName",
            "TransactionsTableName",
            "ModelsTableName",
            "ClassifyFunctionName",
            "ClassifyAliasArn");
  }

  @Test
  void reportsFunction_shouldReadExactlyItsConfigurationAndServeItsRoutes() {
    assertThat(template.functionEnvironment("ReportsFunction"))
        .containsOnlyKeys(
            "BUCKET_NAME",
            "TRANSACTIONS_TABLE",
            "EVALUATIONS_TABLE",
            "ROLLUPS_TABLE",
            "MODELS_TABLE",
            "RUNS_TABLE",
            "CLASSIFY_MEMORY_MB",
            "PRICE_PER_GB_SECOND",
            "PRICE_PER_REQUEST",
            "MAX_IMAGE_BYTES",
            "MAX_IMAGE_PIXELS",
            "POWERTOOLS_SERVICE_NAME",
            "POWERTOOLS_METRICS_NAMESPACE",
            "POWERTOOLS_LOG_LEVEL")
        .containsEntry("EVALUATIONS_TABLE", Map.of("Ref", "EvaluationsTable"))
        .containsEntry("ROLLUPS_TABLE", Map.of("Ref", "RollupsTable"))
        .containsEntry("CLASSIFY_MEMORY_MB", Map.of("Ref", "ClassifyMemorySize"))
        .containsEntry("PRICE_PER_GB_SECOND", Map.of("Ref", "LambdaPricePerGbSecond"))
        .containsEntry("PRICE_PER_REQUEST", Map.of("Ref", "LambdaPricePerRequest"));
    assertThat(template.functionProperty("ReportsFunction", "Handler"))
        .isEqualTo("dev.menagerie.reports.ReportsHandler::handleRequest");
    assertThat(template.functionProperty("ReportsFunction", "CodeUri"))
        .isEqualTo("functions/reports/target/reports-lambda.jar");
    assertThat(template.properties("ReportsIntegration"))
        .containsEntry("IntegrationUri", Map.of("Ref", "ReportsFunction.Alias"));
    List<String> routes =
        List.of(
            "EvaluationRoute",
            "EvaluationImportRoute",
            "EvaluationSampleRoute",
            "UsageReportRoute",
            "AccuracyReportRoute",
            "ModelsReportRoute",
            "DashboardRoute");
    for (String route : routes) {
      assertThat(template.properties(route))
          .containsEntry("Target", Map.of("Fn::Sub", "integrations/${ReportsIntegration}"));
    }
    assertThat(template.properties("EvaluationRoute"))
        .containsEntry("RouteKey", "POST /transactions/{requestId}/evaluation");
  }

  @Test
  void rollupFunction_shouldRunDailyAfterMidnightUtc() {
    assertThat(template.functionProperty("RollupFunction", "Handler"))
        .isEqualTo("dev.menagerie.reports.RollupHandler::handleRequest");
    Map<String, Object> events = asMap(template.properties("RollupFunction").get("Events"));
    Map<String, Object> daily = asMap(events.get("Daily"));
    assertThat(daily).containsEntry("Type", "Schedule");
    assertThat(asMap(daily.get("Properties"))).containsEntry("Schedule", "cron(15 0 * * ? *)");
    assertThat(template.functionEnvironment("RollupFunction"))
        .containsEntry("ROLLUPS_TABLE", Map.of("Ref", "RollupsTable"))
        .containsEntry("EVALUATIONS_TABLE", Map.of("Ref", "EvaluationsTable"))
        .containsEntry("TRANSACTIONS_TABLE", Map.of("Ref", "TransactionsTable"));
  }

  @Test
  void evaluationsTable_shouldBeKeyedByTransactionAndEvaluatorWithADayIndex() {
    Map<String, Object> table = template.properties("EvaluationsTable");
    assertThat(keys(table.get("KeySchema"))).containsExactly("requestId HASH", "evaluator RANGE");
    List<Object> indexes = asList(table.get("GlobalSecondaryIndexes"));
    assertThat(indexes).hasSize(1);
    assertThat(asMap(indexes.get(0))).containsEntry("IndexName", "byDay");
    assertThat(keys(asMap(indexes.get(0)).get("KeySchema")))
        .containsExactly("day HASH", "evaluatedAt RANGE");
  }

  @Test
  void rollupsTable_shouldBeKeyedByPeriodAndSortKey() {
    Map<String, Object> table = template.properties("RollupsTable");
    assertThat(attributes(table))
        .containsExactlyInAnyOrderEntriesOf(Map.of("period", "S", "sk", "S"));
    assertThat(keys(table.get("KeySchema"))).containsExactly("period HASH", "sk RANGE");
  }

  private static Map<String, Object> attributes(Map<String, Object> table) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    asList(table.get("AttributeDefinitions"))
        .forEach(
            a ->
                attributes.put(
                    (String) asMap(a).get("AttributeName"), asMap(a).get("AttributeType")));
    return attributes;
  }

  /** A key schema as "attribute KEYTYPE" strings, in order. */
  private static List<String> keys(Object keySchema) {
    return asList(keySchema).stream()
        .map(k -> asMap(k).get("AttributeName") + " " + asMap(k).get("KeyType"))
        .toList();
  }
}
