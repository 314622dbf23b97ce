package dev.menagerie.pipeline.steps;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.store.ModelRecord;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelRepository;
import dev.menagerie.pipeline.RunRequest;
import java.util.List;
import java.util.Optional;

/**
 * Which model a run warm-starts from: none, production (when there is one with weights to start
 * from, else from scratch), or a named registered version (which must have weights). Each choice
 * adds a note saying why.
 */
final class BaseModelChoice {
  private final ModelRegistry registry;
  private final RunArtifacts artifacts;

  BaseModelChoice(ModelRegistry registry, RunArtifacts artifacts) {
    this.registry = registry;
    this.artifacts = artifacts;
  }

  Optional<String> resolve(String requested, Optional<String> production, List<String> notes) {
    if (requested.equals(RunRequest.BASE_NONE)) {
      notes.add("from scratch (baseModel none)");
      return Optional.empty();
    }
    if (requested.equals(RunRequest.BASE_PRODUCTION)) {
      if (production.isEmpty()) {
        notes.add("from scratch: there is no production model");
        return Optional.empty();
      }
      if (!hasWarmStartFiles(production.get())) {
        notes.add(
            "from scratch: production model "
                + production.get()
                + " has no weights to warm-start from (not trained by the training job)");
        return Optional.empty();
      }
      notes.add("warm start from production " + production.get() + " (head reset)");
      return production;
    }
    ModelRecord model =
        registry
            .get(requested)
            .orElseThrow(
                () ->
                    new MenagerieException(
                        ErrorCode.NOT_FOUND, "baseModel " + requested + " is not registered"));
    if (!hasWarmStartFiles(model.version())) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER,
          "baseModel " + requested + " has no weights to warm-start from");
    }
    notes.add("warm start from " + requested + " (head reset)");
    return Optional.of(requested);
  }

  private boolean hasWarmStartFiles(String version) {
    String location = ModelRepository.location(version);
    return artifacts.exists(location + "weights.params")
        && artifacts.exists(location + "architecture.json");
  }
}
