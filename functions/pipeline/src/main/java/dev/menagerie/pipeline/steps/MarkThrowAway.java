package dev.menagerie.pipeline.steps;

import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelStatus;
import java.util.List;

/**
 * The MarkThrowAway state: marks the candidate THROW_AWAY and lists the inbox collections ({@code
 * inbox/<collection>/}) for ReidentifyInbox to identify again with it.
 */
public final class MarkThrowAway implements PipelineStep<RunState, MarkThrowAway.Marked> {
  private final RunArtifacts artifacts;
  private final ModelRegistry registry;

  public MarkThrowAway(RunArtifacts artifacts, ModelRegistry registry) {
    this.artifacts = artifacts;
    this.registry = registry;
  }

  /** The input of one bulk-identify execution. */
  public record Collection(String prefix, String modelVersion) {}

  public record Marked(String version, List<Collection> collections) {}

  @Override
  public Marked run(RunState state) {
    String version = state.version();
    registry.setStatus(version, ModelStatus.THROW_AWAY);
    List<Collection> collections =
        artifacts.folders(RunArtifacts.INBOX).stream()
            .map(prefix -> new Collection(prefix, version))
            .toList();
    return new Marked(version, collections);
  }
}
