package dev.menagerie.pipeline.steps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A named run: what StartRun returns and the state machine keeps as {@code $.run}. {@code request}
 * is the run's input as given (an object; validated by {@link dev.menagerie.pipeline.RunRequest}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StartedRun(
    String runId, String version, String name, boolean throwAway, JsonNode request) {}
