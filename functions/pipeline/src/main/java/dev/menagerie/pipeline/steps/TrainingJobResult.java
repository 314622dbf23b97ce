package dev.menagerie.pipeline.steps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** What the Train state keeps of the SageMaker training job ({@code $.training}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingJobResult(
    @JsonProperty("TrainingJobName") String trainingJobName,
    @JsonProperty("ModelArtifacts") ModelArtifacts modelArtifacts,
    @JsonProperty("FinalMetricDataList") List<FinalMetric> finalMetricDataList) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ModelArtifacts(@JsonProperty("S3ModelArtifacts") String s3ModelArtifacts) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FinalMetric(
      @JsonProperty("MetricName") String metricName, @JsonProperty("Value") Double value) {}

  /** The model.tar.gz's URI ("" when the job reported none). */
  public String artifactsUri() {
    return modelArtifacts == null || modelArtifacts.s3ModelArtifacts() == null
        ? ""
        : modelArtifacts.s3ModelArtifacts();
  }

  public List<FinalMetric> finalMetrics() {
    return finalMetricDataList == null ? List.of() : finalMetricDataList;
  }
}
