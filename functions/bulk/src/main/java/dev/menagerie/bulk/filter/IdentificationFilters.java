package dev.menagerie.bulk.filter;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.library.LibraryStatistics;
import dev.menagerie.common.store.Identification;
import dev.menagerie.common.store.IdentificationStore;
import dev.menagerie.common.store.ModelRecord;
import dev.menagerie.common.store.ModelRegistry;
import dev.menagerie.common.store.ModelStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The labelling filters over bulk identifications. Each answers for one model version (the {@code
 * modelVersion} parameter, else production) and one collection or, without {@code collection},
 * every collection in the inbox. Archived objects, errors and missing objects never match (the
 * indexes are sparse).
 *
 * <p>A filter gathers its matches (at most {@value #MAX_MATCHES} per index query), orders them
 * completely (confidence, then key) and pages by offset, so pages never overlap or skip even when
 * many objects share a confidence; export and archive take every match.
 */
public final class IdentificationFilters {
  /** The most matches one index query contributes. */
  public static final int MAX_MATCHES = 10_000;

  /** The filters, by their route and CLI name. */
  public enum Kind {
    LOOK_ALIKES("look-alikes"),
    LOW_COUNT("low-count"),
    SYNTHETIC_HEAVY("synthetic-heavy"),
    COLLECTION("collection"),
    LOWEST_SCORES("lowest-scores");

    private final String slug;

    Kind(String slug) {
      this.slug = slug;
    }

    public String slug() {
      return slug;
    }

    public static Kind of(String slug) {
      for (Kind kind : values()) {
        if (kind.slug.equals(slug)) {
          return kind;
        }
      }
      throw Params.invalid(
          "unknown filter '"
              + slug
              + "'; expected one of look-alikes, low-count, synthetic-heavy, collection,"
              + " lowest-scores");
    }
  }

  /** Every match of a filter, in order, and what it was computed from. */
  public record Matches(
      Kind kind, String modelVersion, Map<String, Object> criteria, List<Identification> items) {}

  private final IdentificationStore store;
  private final ModelRegistry registry;
  private final BucketListing bucket;

  public IdentificationFilters(
      IdentificationStore store, ModelRegistry registry, BucketListing bucket) {
    this.store = store;
    this.registry = registry;
    this.bucket = bucket;
  }

  /** Library statistics from the bucket's library/ listing. */
  public LibraryStatistics statistics() {
    return LibraryStatistics.of(bucket.libraryKeys());
  }

  public Matches run(Kind kind, Map<String, String> parameters) {
    Params params = new Params(parameters);
    Map<String, Object> criteria = new LinkedHashMap<>();
    String version =
        params
            .name("modelVersion")
            .orElseGet(
                () -> {
                  String production =
                      registry
                          .productionVersion()
                          .orElseThrow(
                              () ->
                                  new MenagerieException(
                                      ErrorCode.NO_PRODUCTION_MODEL,
                                      "there is no production model; name a modelVersion"));
                  if (kind != Kind.LOW_COUNT) {
                    return production;
                  }
                  Optional<String> throwAway = newestThrowAwayAfter(production);
                  throwAway.ifPresent(
                      v ->
                          criteria.put(
                              "modelVersionChosen",
                              "the newest throw-away run ("
                                  + v
                                  + "): it was trained at a lower cutoff to find images of the"
                                  + " classes below it, which the production model does not"
                                  + " know"));
                  return throwAway.orElse(production);
                });
    List<Identification> items =
        switch (kind) {
          case LOOK_ALIKES -> {
            String label = params.requiredName("label");
            double min = params.number("min", 0, 0, 1);
            double max = params.number("max", 1, 0, 1);
            if (min > max) {
              throw Params.invalid("min=" + min + " is above max=" + max);
            }
            boolean ascending = "asc".equals(order(params, "desc"));
            criteria.put("label", label);
            criteria.put("min", min);
            criteria.put("max", max);
            criteria.put("order", ascending ? "asc" : "desc");
            yield sorted(
                byLabels(collections(params, criteria), version, List.of(label), min, max),
                !ascending);
          }
          case LOW_COUNT -> {
            int cutoff = params.integer("cutoff", 40, 1, 1_000_000);
            double factor = params.number("factor", 1.0, 0.01, 100);
            int threshold = (int) Math.ceil(cutoff * factor);
            List<String> labels =
                statistics().below(threshold).stream()
                    .map(LibraryStatistics.ClassCounts::label)
                    .toList();
            criteria.put("cutoff", cutoff);
            criteria.put("factor", factor);
            criteria.put("threshold", threshold);
            criteria.put("classes", labels);
            yield sorted(byLabels(collections(params, criteria), version, labels, 0, 1), true);
          }
          case SYNTHETIC_HEAVY -> {
            double share = params.number("share", 0.5, 0, 1);
            List<String> labels =
                statistics().mostlyNonReal(share).stream()
                    .map(LibraryStatistics.ClassCounts::label)
                    .toList();
            criteria.put("share", share);
            criteria.put("classes", labels);
            yield sorted(byLabels(collections(params, criteria), version, labels, 0, 1), true);
          }
          case COLLECTION -> {
            String collection = params.requiredName("collection");
            String label = params.requiredName("label");
            double min = params.number("min", 0, 0, 1);
            criteria.put("collection", collection);
            criteria.put("label", label);
            criteria.put("min", min);
            yield sorted(byLabels(List.of(collection), version, List.of(label), min, 1), true);
          }
          case LOWEST_SCORES -> {
            double below = params.number("below", 1.0, 0, 1.000001);
            criteria.put("below", below);
            List<Identification> all = new ArrayList<>();
            for (String collection : collections(params, criteria)) {
              all.addAll(store.lowestScores(collection, version, below, MAX_MATCHES));
            }
            yield sorted(all, false);
          }
        };
    return new Matches(kind, version, criteria, items);
  }

  /**
   * The newest throw-away model registered after {@code production}: its identifications are the
   * ones that can name a class below the cutoff (the seed's throw-away run at a lower cutoff).
   */
  private Optional<String> newestThrowAwayAfter(String production) {
    Optional<Instant> since = registry.get(production).map(ModelRecord::registeredAt);
    return registry.list().stream()
        .filter(m -> m.status() == ModelStatus.THROW_AWAY)
        .filter(m -> since.isEmpty() || m.registeredAt().isAfter(since.get()))
        .max(Comparator.comparing(ModelRecord::registeredAt))
        .map(ModelRecord::version);
  }

  private static String order(Params params, String fallback) {
    String order = params.asMap().getOrDefault("order", fallback).toLowerCase(Locale.ROOT);
    if (!order.equals("asc") && !order.equals("desc")) {
      throw Params.invalid("order=" + order + " is not asc or desc");
    }
    return order;
  }

  private List<String> collections(Params params, Map<String, Object> criteria) {
    Optional<String> one = params.name("collection");
    criteria.put("collection", one.orElse("*"));
    return one.map(List::of).orElseGet(bucket::collections);
  }

  private List<Identification> byLabels(
      List<String> collections, String version, List<String> labels, double min, double max) {
    List<Identification> all = new ArrayList<>();
    for (String collection : collections) {
      for (String label : labels) {
        all.addAll(store.byLabel(collection, version, label, min, max, true, MAX_MATCHES));
      }
    }
    return all;
  }

  private static List<Identification> sorted(List<Identification> items, boolean descending) {
    Comparator<Identification> byConfidence =
        Comparator.comparingDouble(i -> i.top().map(p -> (double) p.confidence()).orElse(0.0));
    if (descending) {
      byConfidence = byConfidence.reversed();
    }
    List<Identification> out = new ArrayList<>(items);
    out.sort(byConfidence.thenComparing(Identification::objectKey));
    return out;
  }
}
