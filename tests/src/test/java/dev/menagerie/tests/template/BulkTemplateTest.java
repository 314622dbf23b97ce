package dev.menagerie.tests.template;

import static dev.menagerie.local.template.CloudFormationYaml.asList;
import static dev.menagerie.local.template.CloudFormationYaml.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.menagerie.local.template.CloudFormationYaml;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inbox wiring and the filter routes: what the bulk code and the local cloud rely on, and the
 * security-relevant settings (who may send to the queue, partial batch failures, the dead-letter
 * queue, which routes reach the filters function).
 */
class BulkTemplateTest {
  private static CloudFormationYaml template;

  @BeforeAll
  static void readTemplate() throws IOException {
    template = CloudFormationYaml.load(RepositoryRoot.template());
  }

  @Test
  void bulkFunction_shouldReadExactlyItsConfiguration() {
    assertThat(template.functionEnvironment("BulkFunction"))
        .containsOnlyKeys(
            "BUCKET_NAME",
            "IDENTIFICATIONS_TABLE",
            "MODELS_TABLE",
            "MODEL_VERSION_OVERRIDE",
            "MAX_IMAGE_BYTES",
            "MAX_IMAGE_PIXELS",
            "POWERTOOLS_SERVICE_NAME",
            "POWERTOOLS_METRICS_NAMESPACE",
            "POWERTOOLS_LOG_LEVEL")
        .containsEntry("IDENTIFICATIONS_TABLE", Map.of("Ref", "IdentificationsTable"))
        .containsEntry("POWERTOOLS_SERVICE_NAME", "bulk");
    assertThat(template.functionProperty("BulkFunction", "Handler"))
        .isEqualTo("dev.menagerie.bulk.BulkHandler::handleRequest");
    assertThat(template.functionProperty("BulkFunction", "CodeUri"))
        .isEqualTo("functions/bulk/target/bulk-lambda.jar");
    assertThat(template.functionProperty("FiltersFunction", "Handler"))
        .isEqualTo("dev.menagerie.bulk.filter.FiltersHandler::handleRequest");
  }

  @Test
  void eventSource_shouldReportPartialBatchFailuresFromTheInboxQueue() {
    Map<String, Object> mapping = template.properties("BulkInboxEventSource");
    assertThat(render(mapping.get("EventSourceArn"))).contains("InboxQueue");
    assertThat(mapping.get("FunctionName")).isEqualTo(Map.of("Ref", "BulkFunction"));
    assertThat(asList(mapping.get("FunctionResponseTypes")))
        .containsExactly("ReportBatchItemFailures");
    assertThat((Integer) mapping.get("BatchSize")).isBetween(1, 10);
    // BulkFunction's policies are explicit statements: no SAM SQS event (and its managed policy)
    assertThat(asMap(template.properties("BulkFunction").get("Events"))).isEmpty();
  }

  @Test
  void inboxQueue_shouldDeadLetterAfterRetriesAndOutliveTheFunction() {
    Map<String, Object> queue = template.properties("InboxQueue");
    Map<String, Object> redrive = asMap(queue.get("RedrivePolicy"));
    assertThat(render(redrive.get("deadLetterTargetArn"))).contains("InboxDeadLetterQueue");
    assertThat((Integer) redrive.get("maxReceiveCount")).isBetween(2, 10);
    int timeout = (Integer) template.functionProperty("BulkFunction", "Timeout");
    assertThat((Integer) queue.get("VisibilityTimeout")).isGreaterThanOrEqualTo(6 * timeout);
    assertThat(queue.get("SqsManagedSseEnabled")).isEqualTo(true);
    assertThat(template.properties("InboxDeadLetterQueue").get("SqsManagedSseEnabled"))
        .isEqualTo(true);
    assertThat((Integer) template.properties("InboxDeadLetterQueue").get("MessageRetentionPeriod"))
        .isEqualTo(1_209_600);
  }

  @Test
  void queuePolicy_shouldLetOnlyThisAccountsS3SendAndRefusePlainHttp() {
    Map<String, Object> policy =
        asMap(template.properties("InboxQueuePolicy").get("PolicyDocument"));
    List<Object> statements = asList(policy.get("Statement"));
    List<Map<String, Object>> allows =
        statements.stream()
            .map(CloudFormationYaml::asMap)
            .filter(s -> "Allow".equals(s.get("Effect")))
            .toList();
    assertThat(allows).hasSize(1);
    Map<String, Object> allow = allows.get(0);
    assertThat(allow.get("Principal")).isEqualTo(Map.of("Service", "s3.amazonaws.com"));
    assertThat(allow.get("Action")).isEqualTo("sqs:SendMessage");
    Map<String, Object> condition = asMap(allow.get("Condition"));
    assertThat(asMap(condition.get("StringEquals")))
        .containsEntry("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"));
    assertThat(asMap(condition.get("ArnLike"))).containsKey("aws:SourceArn");
    assertThat(statements.stream().map(CloudFormationYaml::asMap))
        .anySatisfy(
            s -> {
              assertThat(s.get("Effect")).isEqualTo("Deny");
              assertThat(asMap(asMap(s.get("Condition")).get("Bool")))
                  .containsEntry("aws:SecureTransport", "false");
            });
  }

  @Test
  void bucket_shouldNotifyTheQueueOfInboxObjectsOnly() {
    Map<String, Object> bucket = template.resource("Bucket");
    assertThat(String.valueOf(bucket.get("DependsOn"))).contains("InboxQueuePolicy");
    List<Object> configs =
        asList(
            asMap(template.properties("Bucket").get("NotificationConfiguration"))
                .get("QueueConfigurations"));
    assertThat(configs).hasSize(1);
    Map<String, Object> config = asMap(configs.get(0));
    assertThat(config.get("Event")).isEqualTo("s3:ObjectCreated:*");
    assertThat(render(config.get("Queue"))).contains("InboxQueue");
    Map<String, Object> rule =
        asMap(asList(asMap(asMap(config.get("Filter")).get("S3Key")).get("Rules")).get(0));
    assertThat(rule).containsEntry("Name", "prefix").containsEntry("Value", "inbox/");
  }

  @Test
  void identificationsTable_shouldBeKeyedForVersionsAndSparseIndexes() {
    Map<String, Object> table = template.properties("IdentificationsTable");
    assertThat(render(table.get("KeySchema"))).contains("pk").contains("sk");
    List<String> indexes =
        asList(table.get("GlobalSecondaryIndexes")).stream()
            .map(i -> String.valueOf(asMap(i).get("IndexName")))
            .toList();
    assertThat(indexes).containsExactly("byLabel", "byScore");
  }

  @Test
  void filterRoutes_shouldEachReachTheFiltersFunctionThroughAPermission() {
    List<String> expected =
        List.of(
            "GET /library/statistics",
            "GET /filters/look-alikes",
            "GET /filters/low-count",
            "GET /filters/synthetic-heavy",
            "GET /filters/collection",
            "GET /filters/lowest-scores",
            "POST /filters/export",
            "POST /archive",
            "POST /archive/restore");
    List<String> routeKeys =
        template.resourcesOfType("AWS::ApiGatewayV2::Route").values().stream()
            .map(r -> asMap(r.get("Properties")))
            .filter(p -> render(p.get("Target")).contains("FiltersIntegration"))
            .map(p -> String.valueOf(p.get("RouteKey")))
            .toList();
    assertThat(routeKeys).containsExactlyInAnyOrderElementsOf(expected);

    List<Pattern> permitted =
        template.resourcesOfType("AWS::Lambda::Permission").values().stream()
            .map(r -> asMap(r.get("Properties")))
            .filter(p -> render(p.get("FunctionName")).contains("FiltersFunction"))
            .map(p -> String.valueOf(asMap(p.get("SourceArn")).get("Fn::Sub")))
            .map(arn -> arn.substring(arn.indexOf("${Api}/") + "${Api}/".length()))
            .map(tail -> Pattern.compile(Pattern.quote(tail).replace("*", "\\E.*\\Q")))
            .toList();
    for (String key : expected) {
      String method = key.substring(0, key.indexOf(' '));
      String path = key.substring(key.indexOf(' ') + 1);
      String arnTail = "$default/" + method + path;
      assertThat(permitted)
          .as(key)
          .anySatisfy(p -> assertThat(p.matcher(arnTail).matches()).isTrue());
    }
  }

  @Test
  void bulkIdentifyStateMachine_shouldInvokeOnlyItsTasksAndListOnlyTheInbox() {
    assertThat(template.functionProperty("BulkRunFunction", "Handler"))
        .isEqualTo("dev.menagerie.bulk.run.BulkRunHandler::handleRequest");
    assertThat(template.functionEnvironment("BulkRunFunction"))
        .containsEntry("RUNS_TABLE", Map.of("Ref", "RunsTable"))
        .containsEntry("IDENTIFICATIONS_TABLE", Map.of("Ref", "IdentificationsTable"));
    String policies = render(template.properties("BulkIdentifyStateMachine").get("Policies"));
    assertThat(policies)
        .contains("lambda:InvokeFunction")
        .contains("BulkRunFunction")
        .contains("s3:ListBucket")
        .contains("inbox/*")
        .doesNotContain("s3:GetObject");
  }

  private static String render(Object value) {
    return String.valueOf(value);
  }
}
