package dev.menagerie.common.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bulk run's figures: the inbox prefix it identified and, once it finished, the images, the
 * batches, the images per outcome, the wall time and the speed (per wall second and per second a
 * batch was busy). A figure not measured yet is null and has no key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BulkFigures(
    String prefix,
    Integer images,
    Integer batches,
    Map<String, Integer> outcomes,
    Double wallSeconds,
    Double imagesPerSecond,
    Double imagesPerBusySecond)
    implements RunFigures {

  /** Nothing recorded. */
  public static final BulkFigures NONE = started(null);

  public BulkFigures {
    outcomes = outcomes == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
  }

  /** The figures of a run that has just started on {@code prefix}. */
  public static BulkFigures started(String prefix) {
    return new BulkFigures(prefix, null, null, null, null, null, null);
  }
}
