package dev.menagerie.pipeline.steps;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SageMaker training job the Train state creates ({@code $.dataset.training}): its name,
 * hyperparameters, input channels (train and validation as manifests over the library, the base
 * model's folder for a warm start), where it writes its output and checkpoints, the instance and
 * how long it may run.
 */
public record TrainingJob(
    String jobName,
    Map<String, String> hyperParameters,
    List<Channel> inputDataConfig,
    String outputPath,
    String checkpointUri,
    String instanceType,
    boolean spot,
    StoppingCondition stoppingCondition) {

  /** The job's name for a run: SageMaker wants lower case. */
  public static String jobName(String runId) {
    return ("menagerie-" + runId).toLowerCase(Locale.ROOT);
  }

  /** The train and validation manifests, and the base model's folder for a warm start. */
  public static List<Channel> channels(
      String trainManifest, String validationManifest, String baseUri) {
    List<Channel> channels = new ArrayList<>();
    channels.add(Channel.of("train", "ManifestFile", trainManifest));
    channels.add(Channel.of("validation", "ManifestFile", validationManifest));
    if (baseUri != null) {
      channels.add(Channel.of("base", "S3Prefix", baseUri));
    }
    return channels;
  }

  /** One entry of InputDataConfig. */
  public record Channel(
      @JsonProperty("ChannelName") String channelName,
      @JsonProperty("DataSource") DataSource dataSource) {
    static Channel of(String name, String dataType, String uri) {
      return new Channel(name, new DataSource(new S3DataSource(dataType, uri, "FullyReplicated")));
    }
  }

  public record DataSource(@JsonProperty("S3DataSource") S3DataSource s3DataSource) {}

  public record S3DataSource(
      @JsonProperty("S3DataType") String s3DataType,
      @JsonProperty("S3Uri") String s3Uri,
      @JsonProperty("S3DataDistributionType") String s3DataDistributionType) {}

  /** The job's time limits: a spot job may wait as long again for capacity. */
  public record StoppingCondition(
      @JsonProperty("MaxRuntimeInSeconds") int maxRuntimeInSeconds,
      @JsonProperty("MaxWaitTimeInSeconds") @JsonInclude(JsonInclude.Include.NON_NULL)
          Integer maxWaitTimeInSeconds) {
    static StoppingCondition of(int maxRuntimeSeconds, boolean spot) {
      return new StoppingCondition(maxRuntimeSeconds, spot ? maxRuntimeSeconds * 2 : null);
    }
  }
}
