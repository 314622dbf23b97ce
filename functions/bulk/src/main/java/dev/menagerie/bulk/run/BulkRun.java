package dev.menagerie.bulk.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A named bulk run: what StartRun returns and the state machine keeps as {@code $.run} (its
 * ResultSelector keeps every field), then hands to FinishRun and RecordFailure. {@code startedAt}
 * is the ISO-8601 instant the run started.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkRun(String runId, String modelVersion, String prefix, String startedAt) {}
