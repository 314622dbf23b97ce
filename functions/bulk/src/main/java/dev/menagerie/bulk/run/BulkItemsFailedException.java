package dev.menagerie.bulk.run;

/**
 * Some objects of a bulk-identify batch failed for a reason that may pass (a store write that gave
 * up); what succeeded is kept, so the batch task is retried by this class's name.
 */
public final class BulkItemsFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BulkItemsFailedException(String message) {
    super(message);
  }
}
