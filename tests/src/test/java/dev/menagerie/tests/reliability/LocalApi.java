package dev.menagerie.tests.reliability;

import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.DynamoTransactionStore;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.local.api.LocalHttpApi;
import dev.menagerie.local.cloud.LocalCloud;
import dev.menagerie.local.cloud.ModelInstaller;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The local HTTP API over tables of a test's own (models with the sample model in production,
 * transactions, identifications), in the shared local cloud, and a client for it.
 */
final class LocalApi implements AutoCloseable {
  /** No request may take longer: a hang is a failure, not a wait. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  final LocalCloud cloud;
  final String bucket;
  final String transactionsTable;
  final DynamoTransactionStore transactions;
  final LocalHttpApi api;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  LocalApi(LocalCloud cloud) throws IOException {
    this.cloud = cloud;
    this.bucket = cloud.resources().bucketNames().get(0);
    String models = cloud.createTableLike("ModelsTable", "models-" + UUID.randomUUID());
    this.transactionsTable = cloud.createTableLike("TransactionsTable", "tx-" + UUID.randomUUID());
    String identifications =
        cloud.createTableLike("IdentificationsTable", "identifications-" + UUID.randomUUID());
    new ModelInstaller(
            new ModelRepository(cloud.s3(), bucket),
            new DynamoModelRegistry(cloud.dynamo(), models, Clock.systemUTC()),
            Clock.systemUTC())
        .install(ModelInstaller.sampleModel(), true);
    this.transactions = new DynamoTransactionStore(cloud.dynamo(), transactionsTable);
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("MODELS_TABLE", models);
    overrides.put("TRANSACTIONS_TABLE", transactionsTable);
    overrides.put("IDENTIFICATIONS_TABLE", identifications);
    this.api = LocalHttpApi.start(cloud, 0, overrides);
  }

  URI uri(String pathAndQuery) {
    return URI.create(api.url() + pathAndQuery);
  }

  HttpResponse<String> send(String method, String pathAndQuery, String contentType, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(pathAndQuery))
            .timeout(REQUEST_TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    api.close();
  }
}
