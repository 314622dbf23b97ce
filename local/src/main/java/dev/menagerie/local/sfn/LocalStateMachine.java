package dev.menagerie.local.sfn;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.menagerie.local.api.LocalContext;
import dev.menagerie.local.cloud.CloudAccess;
import dev.menagerie.local.cloud.FunctionLogs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Runs a template's state machine locally with aws-local-stepfunctions (Node 22, from
 * local/node_modules), the same ASL file the stack deploys. Placeholders are filled from the
 * template's DefinitionSubstitutions, resolved to local names. Every Task is routed to a function
 * server in this JVM that runs the Java handler the task's FunctionName names (handlers that are
 * {@link RequestStreamHandler}s).
 *
 * <p>aws-local-stepfunctions has no ItemReader or ItemBatcher (Distributed Map over S3), so a Map
 * with an ItemReader is rewritten, and only that: a Task under the Map's name takes its place,
 * whose Parameters are the ItemReader's (so {@code Prefix.$} is evaluated by the engine at that
 * point of the execution, as on AWS); the local cloud answers it with the S3 listing (ListObjectsV2
 * items: Key, ETag, Size, LastModified, StorageClass) cut into ItemBatcher's batches. The Map then
 * iterates those batches with {@code ItemSelector {"Items": batch, "BatchInput": ...}}, which is
 * exactly the input a Distributed Map with an ItemBatcher gives its item processor. MaxConcurrency,
 * Retry and Catch keep their meaning.
 *
 * <p>A {@code sagemaker:createTrainingJob.sync} task runs the training job locally ({@link
 * LocalTrainingJob}); a {@code states:startExecution.sync:2} task runs the named state machine of
 * the template as a child execution.
 */
public final class LocalStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStateMachine.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");
  static final String READER_FUNCTION = "local:ItemReader";
  static final String TRAINING_JOB_RESOURCE = "arn:aws:states:::sagemaker:createTrainingJob";
  static final String START_EXECUTION_RESOURCE = "arn:aws:states:::states:startExecution";

  private final CloudAccess cloud;
  private final Path repoRoot;
  private final Map<String, String> extraEnvironment;
  private final ObjectNode definition;
  private final List<String> taskStates = new ArrayList<>();
  private final Map<String, String> taskResources = new LinkedHashMap<>();
  private Consumer<String> progress = line -> {};
  private final Map<String, RequestStreamHandler> handlers = new ConcurrentHashMap<>();

  private LocalStateMachine(
      CloudAccess cloud,
      Path repoRoot,
      Map<String, String> extraEnvironment,
      ObjectNode definition) {
    this.cloud = cloud;
    this.repoRoot = repoRoot;
    this.extraEnvironment = extraEnvironment;
    this.definition = definition;
    collectTasks(definition);
  }

  /** The state machine {@code logicalId} of template.yaml, ready to run. */
  public static LocalStateMachine of(
      CloudAccess cloud, Path repoRoot, String logicalId, Map<String, String> extraEnvironment)
      throws IOException {
    Map<String, Object> properties = cloud.resources().template().properties(logicalId);
    String text =
        Files.readString(repoRoot.resolve(String.valueOf(properties.get("DefinitionUri"))));
    Map<String, String> substitutions = new LinkedHashMap<>();
    Object subs = properties.get("DefinitionSubstitutions");
    if (subs instanceof Map<?, ?> map) {
      map.forEach((k, v) -> substitutions.put(String.valueOf(k), cloud.resources().resolve(v)));
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder filled = new StringBuilder();
    while (m.find()) {
      String value = substitutions.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            logicalId + ": no DefinitionSubstitutions value for ${" + m.group(1) + "}");
      }
      m.appendReplacement(filled, Matcher.quoteReplacement(value));
    }
    m.appendTail(filled);
    ObjectNode definition = (ObjectNode) JSON.readTree(filled.toString());
    rewriteItemReaders(definition);
    return new LocalStateMachine(cloud, repoRoot, extraEnvironment, definition);
  }

  /** The definition as it runs locally (after the ItemReader rewrite). */
  public ObjectNode definition() {
    return definition;
  }

  /**
   * Where a local training job's output goes (its epoch lines, metrics, and failures), line by
   * line; silent unless set.
   */
  public LocalStateMachine progress(Consumer<String> lines) {
    this.progress = lines;
    return this;
  }

  /** An execution's outcome: the output, or the error and cause it failed with. */
  public record Execution(boolean succeeded, JsonNode output, String error, String cause) {}

  /** Runs one execution to its end. */
  public Execution run(Object input) throws IOException, InterruptedException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/invoke", this::invoke);
    server.start();
    try {
      ObjectNode request = JSON.createObjectNode();
      request.set("definition", definition);
      request.set("input", JSON.valueToTree(input));
      request.set("taskStates", JSON.valueToTree(taskStates));
      request.set("taskResources", JSON.valueToTree(taskResources));
      request.put("invokeUrl", "http://127.0.0.1:" + server.getAddress().getPort() + "/invoke");
      Path node = repoRoot.resolve("local/node_modules/node/bin/node");
      Path script = repoRoot.resolve("local/src/main/node/run-state-machine.mjs");
      Process process =
          new ProcessBuilder(node.toString(), script.toString())
              .directory(repoRoot.resolve("local").toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try (OutputStream stdin = process.getOutputStream()) {
        JSON.writeValue(stdin, request);
      }
      byte[] stdout = process.getInputStream().readAllBytes();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException("the local state machine run did not end");
      }
      String text = new String(stdout, StandardCharsets.UTF_8).trim();
      String last = text.substring(text.lastIndexOf('\n') + 1);
      JsonNode result = JSON.readTree(last);
      return result.path("ok").asBoolean()
          ? new Execution(true, result.path("output"), null, null)
          : new Execution(
              false, null, result.path("error").asText(), result.path("cause").asText());
    } finally {
      server.stop(0);
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
  }

  private void invoke(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      String query = String.valueOf(exchange.getRequestURI().getRawQuery());
      String stateName =
          query.startsWith("state=")
              ? java.net.URLDecoder.decode(query.substring(6), StandardCharsets.UTF_8)
              : "";
      String resource = taskResources.getOrDefault(stateName, "");
      String function = request.path("FunctionName").asText();
      byte[] body;
      int status = 200;
      try {
        if (resource.startsWith(TRAINING_JOB_RESOURCE)) {
          body =
              JSON.writeValueAsBytes(new LocalTrainingJob(cloud, repoRoot, progress).run(request));
        } else if (resource.startsWith(START_EXECUTION_RESOURCE)) {
          body = JSON.writeValueAsBytes(startExecution(request));
        } else {
          body =
              function.startsWith(READER_FUNCTION)
                  ? JSON.writeValueAsBytes(list(request.path("Payload")))
                  : call(function, request.path("Payload"));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = 500;
        body =
            JSON.writeValueAsBytes(
                Map.of("errorType", "States.TaskFailed", "errorMessage", "interrupted"));
      } catch (RuntimeException | IOException e) {
        status = 500;
        String type = e instanceof TaskFailure tf ? tf.error() : errorType(e);
        String message = e instanceof TaskFailure ? e.getMessage() : errorMessage(e);
        LOG.info("local task {} failed: {} {}", function, type, message);
        body = JSON.writeValueAsBytes(Map.of("errorType", type, "errorMessage", message));
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  /**
   * The error name AWS gives a Java function's failure: the Lambda Java runtime reports {@code
   * errorType} as the thrown exception's class name ({@link Class#getName()}, e.g. {@code
   * java.lang.RuntimeException}), and a lambda:invoke Task fails with that name as its error.
   */
  static String errorType(Throwable failure) {
    return failure.getClass().getName();
  }

  /** The runtime's {@code errorMessage}: the localized message, else the class name. */
  static String errorMessage(Throwable failure) {
    return failure.getLocalizedMessage() == null
        ? failure.getClass().getName()
        : failure.getLocalizedMessage();
  }

  /**
   * {@code states:startExecution.sync:2}: runs the named state machine of the template (locally,
   * its ARN is {@code local-<logicalId>}) to its end; the result is DescribeExecution's, with the
   * output as JSON. A failed child is {@code States.TaskFailed}.
   */
  private ObjectNode startExecution(JsonNode request) throws IOException, InterruptedException {
    String arn = request.path("StateMachineArn").asText();
    String logicalId = arn.startsWith("local-") ? arn.substring("local-".length()) : arn;
    if (!cloud.resources().template().hasResource(logicalId)) {
      throw new TaskFailure(
          "StepFunctions.StateMachineDoesNotExistException", "no state machine " + arn);
    }
    java.time.Instant started = java.time.Instant.now();
    Execution child =
        LocalStateMachine.of(cloud, repoRoot, logicalId, extraEnvironment)
            .progress(progress)
            .run(request.path("Input"));
    ObjectNode describe = JSON.createObjectNode();
    describe.put("ExecutionArn", arn + ":" + UUID.randomUUID());
    describe.put("StateMachineArn", arn);
    describe.put("StartDate", started.toString());
    describe.put("StopDate", java.time.Instant.now().toString());
    describe.set("Input", request.path("Input"));
    if (!child.succeeded()) {
      describe.put("Status", "FAILED");
      describe.put("Error", child.error());
      describe.put("Cause", child.cause());
      throw new TaskFailure("States.TaskFailed", JSON.writeValueAsString(describe));
    }
    describe.put("Status", "SUCCEEDED");
    describe.set("Output", child.output());
    return describe;
  }

  private byte[] call(String functionArn, JsonNode payload) throws IOException {
    String functionId = functionArn.substring(functionArn.lastIndexOf(':') + 1);
    try (FunctionLogs.Scope in = FunctionLogs.in(functionId)) {
      RequestStreamHandler handler = handlers.computeIfAbsent(functionId, this::instantiate);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(
          new java.io.ByteArrayInputStream(JSON.writeValueAsBytes(payload)),
          out,
          new LocalContext(UUID.randomUUID().toString(), functionId, 3008));
      return out.toByteArray();
    }
  }

  private RequestStreamHandler instantiate(String functionId) {
    String className = cloud.resources().template().handlerClass(functionId);
    Map<String, String> environment = new LinkedHashMap<>(cloud.functionEnvironment(functionId));
    environment.putAll(extraEnvironment);
    try {
      return (RequestStreamHandler)
          Class.forName(className).getConstructor(Map.class).newInstance(environment);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "handler " + className + " failed at init: " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "handler "
              + className
              + " cannot run as a local task (a RequestStreamHandler with a"
              + " Map constructor is needed): "
              + e,
          e);
    }
  }

  /** The ItemReader's listing, in ItemBatcher's batches. */
  private ArrayNode list(JsonNode parameters) {
    String bucket = parameters.path("Bucket").asText();
    String prefix = parameters.path("Prefix").asText("");
    int perBatch = parameters.path("MaxItemsPerBatch").asInt(1);
    ArrayNode batches = JSON.createArrayNode();
    ArrayNode batch = JSON.createArrayNode();
    for (S3Object o :
        cloud.s3().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      ObjectNode item = JSON.createObjectNode();
      item.put("Key", o.key());
      item.put("ETag", o.eTag());
      item.put("Size", o.size());
      item.put("LastModified", String.valueOf(o.lastModified()));
      item.put("StorageClass", String.valueOf(o.storageClassAsString()));
      batch.add(item);
      if (batch.size() == perBatch) {
        batches.add(batch);
        batch = JSON.createArrayNode();
      }
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    return batches;
  }

  /** Replaces each Map with an ItemReader by a listing Task and a Map over its batches. */
  static void rewriteItemReaders(ObjectNode machine) {
    ObjectNode states = (ObjectNode) machine.path("States");
    List<String> names = new ArrayList<>();
    states.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      ObjectNode state = (ObjectNode) states.get(name);
      if ("Map".equals(state.path("Type").asText())) {
        JsonNode processor =
            state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
        if (processor instanceof ObjectNode p) {
          rewriteItemReaders(p);
          if (p.get("ProcessorConfig") instanceof ObjectNode config) {
            config.put("Mode", "INLINE");
            config.remove("ExecutionType");
          }
        }
      }
      if (!"Map".equals(state.path("Type").asText()) || !state.has("ItemReader")) {
        continue;
      }
      String mapName = name + " (local)";
      String itemsPath = "$.localItemBatches";
      ObjectNode reader = (ObjectNode) state.remove("ItemReader");
      JsonNode batcher = state.remove("ItemBatcher");
      ObjectNode task = JSON.createObjectNode();
      task.put("Type", "Task");
      task.put("Resource", "arn:aws:states:::lambda:invoke");
      ObjectNode parameters = JSON.createObjectNode();
      parameters.put("FunctionName", READER_FUNCTION);
      ObjectNode payload = ((ObjectNode) reader.path("Parameters")).deepCopy();
      payload.put(
          "MaxItemsPerBatch", batcher == null ? 1 : batcher.path("MaxItemsPerBatch").asInt(1));
      parameters.set("Payload", payload);
      task.set("Parameters", parameters);
      task.set("ResultSelector", JSON.createObjectNode().put("batches.$", "$.Payload"));
      task.put("ResultPath", itemsPath);
      if (state.has("Catch")) {
        task.set("Catch", state.get("Catch").deepCopy());
      }
      task.put("Next", mapName);
      ObjectNode selector = JSON.createObjectNode();
      selector.put("Items.$", "$$.Map.Item.Value");
      if (batcher != null && batcher.has("BatchInput")) {
        selector.set("BatchInput", batcher.get("BatchInput"));
      }
      state.set("ItemSelector", selector);
      state.put("ItemsPath", itemsPath + ".batches");
      // keep the order of States readable: the task takes the Map's place and name
      ObjectNode rebuilt = JSON.createObjectNode();
      Iterator<Map.Entry<String, JsonNode>> it = states.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals(name)) {
          rebuilt.set(name, task);
          rebuilt.set(mapName, state);
        } else {
          rebuilt.set(e.getKey(), e.getValue());
        }
      }
      states.removeAll();
      states.setAll(rebuilt);
    }
  }

  private void collectTasks(JsonNode machine) {
    machine
        .path("States")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode state = e.getValue();
              if ("Task".equals(state.path("Type").asText())) {
                taskStates.add(e.getKey());
                taskResources.put(e.getKey(), state.path("Resource").asText());
              }
              if (state.has("ItemProcessor")) {
                collectTasks(state.get("ItemProcessor"));
              }
              if (state.has("Iterator")) {
                collectTasks(state.get("Iterator"));
              }
              state.path("Branches").forEach(this::collectTasks);
            });
  }
}
