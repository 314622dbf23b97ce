package dev.menagerie.tests.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menagerie.local.cloud.LocalCloud;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

@ExtendWith(LocalCloudExtension.class)
class LocalCloudTest {
  private final LocalCloud cloud;

  LocalCloudTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @Test
  void start_shouldCreateEveryTableOfTheTemplateWithItsKeysAndIndexes() {
    // GIVEN the local cloud started from template.yaml
    // WHEN the tables are described
    TableDescription transactions =
        cloud.dynamo().describeTable(b -> b.tableName("TransactionsTable")).table();
    TableDescription models = cloud.dynamo().describeTable(b -> b.tableName("ModelsTable")).table();

    // THEN they have the template's key schemas and the byDay index
    assertThat(transactions.keySchema())
        .extracting(KeySchemaElement::attributeName)
        .containsExactly("requestId");
    assertThat(transactions.globalSecondaryIndexes())
        .singleElement()
        .satisfies(
            index -> {
              assertThat(index.indexName()).isEqualTo("byDay");
              assertThat(index.keySchema())
                  .extracting(KeySchemaElement::attributeName)
                  .containsExactly("dayShard", "createdAt");
            });
    assertThat(models.keySchema())
        .extracting(KeySchemaElement::attributeName)
        .containsExactly("pk", "sk");
  }

  @Test
  void start_shouldCreateTheBucketAndPointFunctionsAtTheLocalEndpoints() {
    assertThat(cloud.s3().listBuckets().buckets())
        .anyMatch(b -> b.name().equals("menagerie-bucket"));

    Map<String, String> environment = cloud.functionEnvironment("ClassifyFunction");

    assertThat(environment)
        .containsEntry("BUCKET_NAME", "menagerie-bucket")
        .containsEntry("TRANSACTIONS_TABLE", "TransactionsTable")
        .containsEntry("MODELS_TABLE", "ModelsTable")
        .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", cloud.dynamoEndpoint().toString())
        .containsEntry("AWS_ENDPOINT_URL_S3", cloud.s3Endpoint().toString());
  }
}
