package dev.menagerie.common.task;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a Catch puts at its ResultPath: the error's name and its cause, as Step Functions spells
 * them. Either may be null (a Payload without them).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CaughtError(
    @JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {
  /** Neither name nor cause. */
  public static final CaughtError NONE = new CaughtError(null, null);
}
