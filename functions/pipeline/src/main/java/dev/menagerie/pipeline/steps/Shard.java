package dev.menagerie.pipeline.steps;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Shard {@code shard} (0-based) of {@code shards}: one item of the Evaluate Map state. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Shard(Integer shard, Integer shards) {}
