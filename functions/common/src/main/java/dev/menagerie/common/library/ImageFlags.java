package dev.menagerie.common.library;

/**
 * Per-image facts the folders cannot tell, from a line of {@code _meta/images.jsonl}: a small
 * subject (no zoom-out when augmenting), a duplicate group (kept inside one split) and a benchmark
 * set (never trained on). {@code group} and {@code benchmark} are null when not given.
 */
public record ImageFlags(boolean smallSubject, String group, String benchmark) {
  /** An image without a manifest line. */
  public static final ImageFlags NONE = new ImageFlags(false, null, null);
}
