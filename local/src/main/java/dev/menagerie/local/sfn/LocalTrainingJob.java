package dev.menagerie.local.sfn;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.menagerie.local.cloud.CloudAccess;
import dev.menagerie.pipeline.ModelArchive;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@code sagemaker:createTrainingJob.sync} task, locally: the training job runs on CPU as a
 * child JVM (the same {@code TrainJob} program the container runs) through SageMaker's container
 * contract. Channels are materialised under a job root from their manifests ({@code ManifestFile})
 * or prefixes ({@code S3Prefix}), hyperparameters go to {@code input/config/hyperparameters.json},
 * checkpoints are synced with {@code CheckpointConfig.S3Uri} before and after, and the model
 * directory is packed into {@code <S3OutputPath>/<job>/output/model.tar.gz}. The task's result is
 * what DescribeTrainingJob returns (status, artifacts, final metrics from the MetricDefinitions
 * regexes over stdout); a failed job is {@code States.TaskFailed} with that description (and the
 * job's {@code output/failure}) as the cause.
 */
public final class LocalTrainingJob {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRAIN_JOB_MAIN = "dev.menagerie.training.TrainJob";

  /** Where the job keeps its kernel choice between runs (training's KernelCache.ENVIRONMENT). */
  static final String KERNEL_CACHE_ENVIRONMENT = "MENAGERIE_KERNEL_CACHE";

  private final CloudAccess cloud;
  private final Path repoRoot;
  private final Consumer<String> progress;

  public LocalTrainingJob(CloudAccess cloud, Path repoRoot, Consumer<String> progress) {
    this.cloud = cloud;
    this.repoRoot = repoRoot;
    this.progress = progress;
  }

  /** Runs the job to its end; returns the DescribeTrainingJob-shaped result. */
  public ObjectNode run(JsonNode request) throws IOException, InterruptedException {
    String name = request.path("TrainingJobName").asText("");
    if (!name.matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")) {
      throw new TaskFailure(
          "SageMaker.AmazonSageMakerException",
          "TrainingJobName '" + name + "' is not a valid training job name");
    }
    Path root = Files.createTempDirectory("menagerie-training-" + name + "-");
    Instant started = Instant.now();
    try {
      Files.createDirectories(root.resolve("input/config"));
      Files.createDirectories(root.resolve("model"));
      Files.createDirectories(root.resolve("output"));
      Path checkpoints = Files.createDirectories(root.resolve("checkpoints"));
      Map<String, String> hyperparameters =
          JSON.convertValue(
              request.path("HyperParameters"), new TypeReference<Map<String, String>>() {});
      JSON.writeValue(
          root.resolve("input/config/hyperparameters.json").toFile(),
          hyperparameters == null ? Map.of() : hyperparameters);
      ObjectNode inputConfig = JSON.createObjectNode();
      for (JsonNode channel : request.path("InputDataConfig")) {
        String channelName = channel.path("ChannelName").asText();
        JsonNode source = channel.path("DataSource").path("S3DataSource");
        Path dir = Files.createDirectories(root.resolve("input/data").resolve(channelName));
        int files = materialise(source, dir);
        progress.accept("channel " + channelName + ": " + files + " files");
        inputConfig.set(channelName, JSON.createObjectNode().put("TrainingInputMode", "File"));
      }
      JSON.writeValue(root.resolve("input/config/inputdataconfig.json").toFile(), inputConfig);
      String checkpointUri = request.path("CheckpointConfig").path("S3Uri").asText("");
      if (!checkpointUri.isEmpty()) {
        download(checkpointUri, checkpoints);
      }

      Map<String, Double> finalMetrics = new LinkedHashMap<>();
      List<Pattern> regexes = new ArrayList<>();
      List<String> metricNames = new ArrayList<>();
      for (JsonNode d : request.path("AlgorithmSpecification").path("MetricDefinitions")) {
        metricNames.add(d.path("Name").asText());
        regexes.add(Pattern.compile(d.path("Regex").asText()));
      }
      int exit =
          runJob(
              root,
              line -> {
                progress.accept(line);
                for (int i = 0; i < regexes.size(); i++) {
                  Matcher m = regexes.get(i).matcher(line);
                  if (m.find()) {
                    try {
                      finalMetrics.put(metricNames.get(i), Double.parseDouble(m.group(1)));
                    } catch (NumberFormatException ignored) {
                      // SageMaker skips values that are not numbers too
                    }
                  }
                }
              });
      if (!checkpointUri.isEmpty()) {
        upload(checkpoints, checkpointUri);
      }
      Instant ended = Instant.now();
      ObjectNode describe = describe(request, started, ended, finalMetrics);
      if (exit != 0) {
        Path failure = root.resolve("output/failure");
        String reason =
            Files.exists(failure)
                ? Files.readString(failure).trim()
                : "the training job exited with code " + exit;
        // like SageMaker's FailureReason: the start of the failure file, at most 1,024 characters
        reason = reason.length() > 1024 ? reason.substring(0, 1024) : reason;
        describe.put("TrainingJobStatus", "Failed");
        describe.put("SecondaryStatus", "Failed");
        describe.put("FailureReason", reason);
        throw new TaskFailure("States.TaskFailed", JSON.writeValueAsString(describe));
      }
      String output = request.path("OutputDataConfig").path("S3OutputPath").asText();
      if (!output.endsWith("/")) {
        output += "/";
      }
      String artifacts = output + name + "/output/model.tar.gz";
      Path tarGz = root.resolve("model.tar.gz");
      ModelArchive.write(root.resolve("model"), tarGz);
      String[] location = split(artifacts);
      cloud
          .s3()
          .putObject(b -> b.bucket(location[0]).key(location[1]), RequestBody.fromFile(tarGz));
      describe.set("ModelArtifacts", JSON.createObjectNode().put("S3ModelArtifacts", artifacts));
      return describe;
    } finally {
      deleteTree(root);
    }
  }

  private int runJob(Path root, Consumer<String> lines) throws IOException, InterruptedException {
    return runTrainingMain(
        repoRoot, TRAIN_JOB_MAIN, List.of("train", "--sagemaker-root", root.toString()), lines);
  }

  /**
   * Runs a main class of the training module (the job, the synthetic library generator) as a child
   * JVM from {@code training/target}, its output line by line to {@code lines}; returns the exit
   * code.
   */
  public static int runTrainingMain(
      Path repoRoot, String mainClass, List<String> args, Consumer<String> lines)
      throws IOException, InterruptedException {
    Path training = repoRoot.resolve("training/target");
    Path classpath = training.resolve("classpath.txt");
    if (!Files.exists(classpath) || !Files.isDirectory(training.resolve("classes"))) {
      throw new TaskFailure(
          "SageMaker.AmazonSageMakerException",
          "the training job is not built ("
              + classpath
              + " is missing): run `mvn -pl training -am package -DskipTests`, or use"
              + " ./menagerie train, which builds it");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            java,
            "-Xmx4g",
            "-Dai.djl.offline=true",
            "-cp",
            training.resolve("classes") + ":" + Files.readString(classpath).trim(),
            mainClass));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // the job picks its convolution kernels for this CPU itself (training/README.md, "Kernels"),
    // once per machine and build: later jobs read the choice kept beside the job's classes
    builder.environment().putIfAbsent("TORCH_CPP_LOG_LEVEL", "ERROR");
    builder
        .environment()
        .putIfAbsent(KERNEL_CACHE_ENVIRONMENT, training.resolve("kernel-cache").toString());
    Process process = builder.start();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.accept(line);
      }
    } finally {
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
    }
    return process.exitValue();
  }

  private ObjectNode describe(
      JsonNode request, Instant started, Instant ended, Map<String, Double> finalMetrics) {
    String name = request.path("TrainingJobName").asText();
    ObjectNode d = JSON.createObjectNode();
    d.put("TrainingJobName", name);
    d.put("TrainingJobArn", "arn:aws:sagemaker:local:000000000000:training-job/" + name);
    d.put("TrainingJobStatus", "Completed");
    d.put("SecondaryStatus", "Completed");
    d.set("HyperParameters", request.path("HyperParameters"));
    d.set("AlgorithmSpecification", request.path("AlgorithmSpecification"));
    d.set("ResourceConfig", request.path("ResourceConfig"));
    d.set("StoppingCondition", request.path("StoppingCondition"));
    d.put("EnableManagedSpotTraining", request.path("EnableManagedSpotTraining").asBoolean(false));
    d.put("TrainingStartTime", started.toString());
    d.put("TrainingEndTime", ended.toString());
    long seconds = Math.max(1, Duration.between(started, ended).toSeconds());
    d.put("TrainingTimeInSeconds", seconds);
    d.put("BillableTimeInSeconds", seconds);
    ArrayNode metrics = d.putArray("FinalMetricDataList");
    finalMetrics.forEach(
        (metric, value) ->
            metrics
                .addObject()
                .put("MetricName", metric)
                .put("Value", value)
                .put("Timestamp", ended.toString()));
    return d;
  }

  private int materialise(JsonNode source, Path dir) throws IOException {
    String type = source.path("S3DataType").asText();
    String uri = source.path("S3Uri").asText();
    switch (type) {
      case "ManifestFile" -> {
        String[] manifest = split(uri);
        JsonNode entries =
            JSON.readTree(
                cloud
                    .s3()
                    .getObjectAsBytes(b -> b.bucket(manifest[0]).key(manifest[1]))
                    .asByteArray());
        String[] prefix = split(entries.path(0).path("prefix").asText());
        int count = 0;
        for (int i = 1; i < entries.size(); i++) {
          String relative = entries.get(i).asText();
          Path target = safe(dir, relative);
          Files.createDirectories(target.getParent());
          String key = prefix[1] + relative;
          Files.write(
              target, cloud.s3().getObjectAsBytes(b -> b.bucket(prefix[0]).key(key)).asByteArray());
          count++;
        }
        return count;
      }
      case "S3Prefix" -> {
        return download(uri, dir);
      }
      default ->
          throw new TaskFailure(
              "SageMaker.AmazonSageMakerException", "unsupported S3DataType '" + type + "'");
    }
  }

  private int download(String uri, Path dir) throws IOException {
    String[] location = split(uri);
    int count = 0;
    for (S3Object o :
        cloud
            .s3()
            .listObjectsV2Paginator(b -> b.bucket(location[0]).prefix(location[1]))
            .contents()) {
      if (o.key().endsWith("/")) {
        continue;
      }
      Path target = safe(dir, o.key().substring(location[1].length()));
      Files.createDirectories(target.getParent());
      Files.write(
          target,
          cloud.s3().getObjectAsBytes(b -> b.bucket(location[0]).key(o.key())).asByteArray());
      count++;
    }
    return count;
  }

  private void upload(Path dir, String uri) throws IOException {
    String[] location = split(uri.endsWith("/") ? uri : uri + "/");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String key = location[1] + dir.relativize(file).toString().replace('\\', '/');
        cloud.s3().putObject(b -> b.bucket(location[0]).key(key), RequestBody.fromFile(file));
      }
    }
  }

  private static Path safe(Path dir, String relative) {
    Path target = dir.resolve(relative).normalize();
    if (!target.startsWith(dir) || relative.isEmpty()) {
      throw new TaskFailure(
          "SageMaker.AmazonSageMakerException", "channel key '" + relative + "' leaves its folder");
    }
    return target;
  }

  /** {@code s3://bucket/key} to {bucket, key}. */
  static String[] split(String uri) {
    if (!uri.startsWith("s3://") || uri.indexOf('/', 5) < 0) {
      throw new TaskFailure("SageMaker.AmazonSageMakerException", "not an s3:// URI: " + uri);
    }
    int slash = uri.indexOf('/', 5);
    return new String[] {uri.substring(5, slash), uri.substring(slash + 1)};
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
