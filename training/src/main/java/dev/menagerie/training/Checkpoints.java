package dev.menagerie.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Checkpoints in SageMaker's checkpoint folder ({@code /opt/ml/checkpoints}, synced to S3 during
 * managed spot training): after every epoch the current weights, the best weights so far and the
 * loop's state. A run that finds a checkpoint of the same job (same labels, architecture and
 * dataset) resumes after its last completed epoch. The optimiser's moments are not saved: a resumed
 * run restarts Adam's running averages (the learning-rate schedule continues where it was).
 */
public final class Checkpoints {
  static final String STATE = "state.json";
  static final String CURRENT = "current.params";
  static final String BEST = "best.params";

  private final Path dir;

  public Checkpoints(Path dir) {
    this.dir = dir;
  }

  /** The loop's state after a completed epoch. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record State(
      int epoch,
      int bestEpoch,
      double bestValidationAccuracy,
      int epochsWithoutImprovement,
      List<EpochStats> curves,
      List<String> labels,
      String architecture,
      String datasetFingerprint) {}

  /** A saved state with its weights. */
  public record Saved(State state, byte[] current, byte[] best) {}

  public void save(State state, byte[] current, byte[] best) throws IOException {
    Files.createDirectories(dir);
    write(CURRENT, current);
    write(BEST, best);
    write(STATE, ModelFiles.JSON.writeValueAsBytes(state)); // last: marks a complete checkpoint
  }

  /** The checkpoint of the same job, if there is one. */
  public Optional<Saved> load(List<String> labels, String architecture, String fingerprint)
      throws IOException {
    Path state = dir.resolve(STATE);
    if (!Files.exists(state)) {
      return Optional.empty();
    }
    State s = ModelFiles.JSON.readValue(state.toFile(), State.class);
    if (!s.labels().equals(labels)
        || !s.architecture().equals(architecture)
        || !s.datasetFingerprint().equals(fingerprint)) {
      return Optional.empty();
    }
    return Optional.of(
        new Saved(
            s, Files.readAllBytes(dir.resolve(CURRENT)), Files.readAllBytes(dir.resolve(BEST))));
  }

  private void write(String name, byte[] bytes) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    Files.write(tmp, bytes);
    Files.move(
        tmp,
        dir.resolve(name),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
