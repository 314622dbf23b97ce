package dev.menagerie.bulk.filter;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.menagerie.common.config.AwsClients;
import dev.menagerie.common.config.AwsSettings;
import dev.menagerie.common.config.Settings;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.http.ApiErrors;
import dev.menagerie.common.http.ApiRequests;
import dev.menagerie.common.http.ApiResponses;
import dev.menagerie.common.library.LibraryStatistics;
import dev.menagerie.common.store.DynamoIdentificationStore;
import dev.menagerie.common.store.DynamoModelRegistry;
import dev.menagerie.common.store.Identification;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The filter routes (GET /filters/{look-alikes,low-count,synthetic-heavy,collection,lowest-scores},
 * paged by {@code limit} and {@code next}), GET /library/statistics, POST /filters/export (a
 * manifest to {@code exports/}), POST /archive (dry run by default) and POST /archive/restore.
 */
public final class FiltersHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final DateTimeFormatter EXPORT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;
  static final int SKIPPED_LISTED = 100;

  private final IdentificationFilters filters;
  private final Archive archive;
  private final S3Client s3;
  private final String bucket;
  private final Clock clock;

  /** The constructor the Lambda runtime calls. */
  public FiltersHandler() {
    this(System.getenv());
  }

  /** For the local cloud and tests: the environment the template would give the function. */
  public FiltersHandler(Map<String, String> environment) {
    Settings settings = new Settings(environment);
    String bucketName = settings.required("BUCKET_NAME");
    String identifications = settings.required("IDENTIFICATIONS_TABLE");
    String models = settings.required("MODELS_TABLE");
    AwsSettings aws = AwsSettings.from(settings);
    settings.validate("the filters function");
    DynamoDbClient dynamo = AwsClients.dynamoDb(aws);
    this.s3 = AwsClients.s3(aws);
    this.bucket = bucketName;
    this.clock = Clock.systemUTC();
    DynamoIdentificationStore store = new DynamoIdentificationStore(dynamo, identifications);
    this.filters =
        new IdentificationFilters(
            store,
            new DynamoModelRegistry(dynamo, models, clock),
            new BucketListing(s3, bucketName));
    this.archive = new Archive(s3, bucketName, store, clock);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return PowertoolsLogging.withLogging(
        context, CorrelationIdPaths.API_GATEWAY_HTTP, event, () -> handle(event, context));
  }

  private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
    String requestId = ApiRequests.requestId(event, context);
    String route = event.getRouteKey() == null ? "" : event.getRouteKey();
    Map<String, String> query = ApiRequests.query(event);
    try {
      Object body =
          switch (route) {
            case "GET /library/statistics" -> statistics(new Params(query));
            case "GET /filters/look-alikes" -> page(IdentificationFilters.Kind.LOOK_ALIKES, query);
            case "GET /filters/low-count" -> page(IdentificationFilters.Kind.LOW_COUNT, query);
            case "GET /filters/synthetic-heavy" ->
                page(IdentificationFilters.Kind.SYNTHETIC_HEAVY, query);
            case "GET /filters/collection" -> page(IdentificationFilters.Kind.COLLECTION, query);
            case "GET /filters/lowest-scores" ->
                page(IdentificationFilters.Kind.LOWEST_SCORES, query);
            case "POST /filters/export" -> export(body(event, ExportRequest.class));
            case "POST /archive" -> archive(body(event, FilterParameters.class));
            case "POST /archive/restore" -> restore(body(event, RestoreRequest.class));
            default -> throw new MenagerieException(ErrorCode.ROUTE_NOT_FOUND, "no route " + route);
          };
      return ApiResponses.json(200, body);
    } catch (RuntimeException e) {
      return ApiErrors.response(e, route, requestId);
    }
  }

  private Map<String, Object> statistics(Params params) {
    int cutoff = params.integer("cutoff", 40, 1, 1_000_000);
    double margin = params.number("margin", 0.25, 0, 10);
    double share = params.number("share", 0.5, 0, 1);
    LibraryStatistics stats = filters.statistics();
    List<Map<String, Object>> classes = new ArrayList<>();
    stats
        .classes()
        .values()
        .forEach(
            c -> {
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("label", c.label());
              entry.put("total", c.total());
              entry.put("real", c.real());
              entry.put("staged", c.staged());
              entry.put("synthetic", c.synthetic());
              entry.put("nonRealShare", Math.round(c.nonRealShare() * 1000) / 1000.0);
              classes.add(entry);
            });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("cutoff", cutoff);
    body.put("margin", margin);
    body.put("classes", classes);
    body.put(
        "below", stats.below(cutoff).stream().map(LibraryStatistics.ClassCounts::label).toList());
    body.put(
        "justAbove",
        stats.justAbove(cutoff, margin).stream()
            .map(LibraryStatistics.ClassCounts::label)
            .toList());
    body.put(
        "mostlyNonReal",
        stats.mostlyNonReal(share).stream().map(LibraryStatistics.ClassCounts::label).toList());
    // files not counted (a format the decoder cannot read, a stray file), so a class that looks
    // short can be explained; the first SKIPPED_LISTED by key
    body.put("skippedTotal", stats.skipped().size());
    body.put(
        "skipped",
        stats.skipped().stream()
            .limit(SKIPPED_LISTED)
            .map(s -> Map.of("key", s.key(), "reason", s.reason()))
            .toList());
    return body;
  }

  private Map<String, Object> page(IdentificationFilters.Kind kind, Map<String, String> query) {
    Params params = new Params(query);
    int limit = params.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    int offset = offset(query.get("next"));
    IdentificationFilters.Matches matches = filters.run(kind, query);
    List<Identification> all = matches.items();
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = offset; i < Math.min(all.size(), offset + limit); i++) {
      items.add(Manifest.entry(all.get(i)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("filter", kind.slug());
    body.put("modelVersion", matches.modelVersion());
    body.put("criteria", matches.criteria());
    body.put("total", all.size());
    body.put("items", items);
    body.put("next", offset + limit < all.size() ? token(offset + limit) : null);
    return body;
  }

  /** The body of POST /filters/export: a filter, its parameters, the manifest's format. */
  record ExportRequest(String filter, String format, FilterParameters params) {}

  /** The body of POST /archive/restore. */
  record RestoreRequest(String batchId) {}

  /**
   * A filter's parameters as a JSON object (the export's {@code params}, the archive's body): like
   * a query string, each value a string, number or boolean, read as text; null values are absent.
   */
  static final class FilterParameters extends LinkedHashMap<String, String> {
    Map<String, String> present() {
      Map<String, String> out = new LinkedHashMap<>(this);
      out.values().removeIf(Objects::isNull);
      return out;
    }
  }

  private Map<String, Object> export(ExportRequest request) {
    IdentificationFilters.Kind kind =
        IdentificationFilters.Kind.of(request.filter() == null ? "" : request.filter());
    Manifest.Format format =
        Manifest.Format.of(request.format() == null ? "jsonl" : request.format());
    Map<String, String> params =
        request.params() == null ? new LinkedHashMap<>() : request.params().present();
    IdentificationFilters.Matches matches = filters.run(kind, params);
    String key =
        "exports/"
            + kind.slug()
            + "/"
            + EXPORT_TIME.format(clock.instant())
            + "-"
            + UUID.randomUUID().toString().substring(0, 8)
            + "."
            + format.extension();
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType(format.contentType()),
        RequestBody.fromBytes(Manifest.render(matches.items(), format)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("filter", kind.slug());
    body.put("modelVersion", matches.modelVersion());
    body.put("format", format.extension());
    body.put("bucket", bucket);
    body.put("key", key);
    body.put("count", matches.items().size());
    return body;
  }

  private Map<String, Object> archive(FilterParameters request) {
    Map<String, String> params = request.present();
    if (!params.containsKey("below")) {
      throw Params.invalid("below is required: archive only what scores under a threshold");
    }
    boolean dryRun = new Params(params).flag("dryRun", true);
    params.remove("dryRun");
    IdentificationFilters.Matches matches =
        filters.run(IdentificationFilters.Kind.LOWEST_SCORES, params);
    Archive.Removal removal = archive.remove(matches.items(), dryRun);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("dryRun", removal.dryRun());
    body.put("modelVersion", matches.modelVersion());
    body.put("criteria", matches.criteria());
    body.put("count", removal.count());
    body.put("sample", removal.sample());
    removal.batchId().ifPresent(id -> body.put("batchId", id));
    return body;
  }

  private Map<String, Object> restore(RestoreRequest request) {
    String batchId = request.batchId() == null ? "" : request.batchId();
    if (batchId.isEmpty()) {
      throw Params.invalid("batchId is required");
    }
    Archive.Restore restore = archive.restore(batchId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("batchId", restore.batchId());
    body.put("restored", restore.restored());
    body.put("alreadyBack", restore.alreadyBack());
    return body;
  }

  /**
   * The body, a JSON object, bound to {@code type}: not JSON or not an object is INVALID_JSON; a
   * field of the wrong shape (a list where a string goes) is INVALID_PARAMETER naming the field and
   * what it must be.
   */
  private static <T> T body(APIGatewayV2HTTPEvent event, Class<T> type) {
    String body = event.getBody();
    JsonNode node;
    if (body == null || body.isBlank()) {
      node = JSON.createObjectNode();
    } else {
      if (event.getIsBase64Encoded()) {
        body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
      }
      try {
        node = JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new MenagerieException(
            ErrorCode.INVALID_JSON, "the body is not JSON: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw new MenagerieException(ErrorCode.INVALID_JSON, "the body must be a JSON object");
      }
    }
    try {
      return JSON.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      String field =
          e instanceof JsonMappingException m && !m.getPath().isEmpty()
              ? m.getPath().stream()
                  .map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                  .collect(Collectors.joining("."))
              : "the body";
      Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
      throw Params.invalid(
          field
              + " must be "
              + (target == FilterParameters.class
                  ? "an object of strings, numbers or booleans"
                  : target == String.class
                      ? "a string, number or boolean"
                      : "of another shape: " + e.getOriginalMessage()));
    }
  }

  static String token(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  static int offset(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw Params.invalid("next=" + token + " is not a page token");
    }
    if (!text.matches("o:[0-9]{1,9}")) {
      throw Params.invalid("next=" + token + " is not a page token");
    }
    return Integer.parseInt(text.substring(2));
  }
}
