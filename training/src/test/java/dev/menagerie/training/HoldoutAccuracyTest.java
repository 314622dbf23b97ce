package dev.menagerie.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.menagerie.common.model.ModelBundle;
import dev.menagerie.training.synth.SyntheticLibrary;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The done-when check: the small model trained by the job on the synthetic library
 * classifies held-out images at ≥ 90 % top-1 through ONNX Runtime (decoded by ImageDecoder). Long:
 * {@code -Dmenagerie.long=true} (epochs: {@code -Dmenagerie.doneWhen.epochs}, default 60).
 */
class HoldoutAccuracyTest {
  @TempDir Path dir;

  @Test
  void smallModelOnSyntheticLibrary_shouldClassifyHoldoutAtLeast90PercentThroughOnnxRuntime()
      throws Exception {
    assumeTrue(Boolean.getBoolean("menagerie.long"), "long run: -Dmenagerie.long=true");
    // GIVEN the default synthetic library
    SyntheticLibrary.builder().setRoot(dir).build().generate();
    // WHEN the job trains the small model on it
    String epochs = Integer.toString(Integer.getInteger("menagerie.doneWhen.epochs", 60));
    TrainResult result =
        TrainJob.run(
            TrainJobConfig.parse(
                new String[] {
                  "--library",
                  dir.resolve("library").toString(),
                  "--model-out",
                  dir.resolve("model").toString(),
                  "--holdout",
                  dir.resolve("holdout").toString(),
                  "--epochs",
                  epochs,
                  "--patience",
                  "15",
                  "--batch-size",
                  "16"
                },
                name -> null,
                name -> null),
            System.out);
    // THEN ONNX Runtime gets at least 90 % of the held-out images right
    System.out.printf("holdout top-1 through ONNX Runtime: %.4f%n", result.holdoutAccuracy());
    assertThat(ModelBundle.read(dir.resolve("model")).labels()).hasSize(9);
    assertThat(result.holdoutAccuracy()).isGreaterThanOrEqualTo(0.90);
  }
}
