package dev.menagerie.common.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Bulk identification results. Queries read one (collection, model version) at a time and page by
 * limit; results of different model versions never mix.
 */
public interface IdentificationStore {
  /**
   * Writes the result unless one with the same key, model version and ETag is already there.
   *
   * @return true when written, false when an identical result already existed (a redelivery)
   */
  boolean putIfNew(Identification identification);

  Optional<Identification> get(String collection, String modelVersion, String objectKey);

  /** Every result of a collection under a model version, by object key. */
  List<Identification> byCollection(String collection, String modelVersion, int limit);

  /**
   * Identified objects of a collection whose top-1 label is {@code label} with confidence in [min,
   * max], highest first when {@code descending}; archived objects excluded.
   */
  List<Identification> byLabel(
      String collection,
      String modelVersion,
      String label,
      double min,
      double max,
      boolean descending,
      int limit);

  /** Identified objects of a collection by top-1 confidence, lowest first; archived excluded. */
  List<Identification> lowestScores(
      String collection, String modelVersion, double below, int limit);

  /**
   * Marks the result archived (at) or restored (empty). Archived results leave both indexes, so the
   * filters skip them; results of other model versions of the same object are not touched.
   */
  void setArchived(
      String collection, String modelVersion, String objectKey, Optional<Instant> archivedAt);
}
