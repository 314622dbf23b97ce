package dev.menagerie.training;

import java.nio.file.Path;
import java.util.List;

/** What a training job produced. {@code holdoutAccuracy} is NaN when no holdout was given. */
public record TrainResult(
    Path modelDir,
    String version,
    String architecture,
    List<String> labels,
    String parent,
    int trainImages,
    int validationImages,
    int skippedImages,
    List<EpochStats> curves,
    int bestEpoch,
    double bestValidationAccuracy,
    boolean stoppedEarly,
    int resumedAfterEpoch,
    double holdoutAccuracy,
    double seconds) {

  public int epochsRun() {
    return curves.size();
  }
}
