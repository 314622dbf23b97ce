package dev.menagerie.bulk;

import dev.menagerie.common.store.Identification;
import dev.menagerie.common.store.InboxReader;
import java.util.Objects;

/** An object named by an S3 event (or a listing): its key and, when known, ETag and size. */
public record InboxObject(String key, String etag, long size) {
  public InboxObject {
    Objects.requireNonNull(key, "key");
    etag = etag == null ? "" : InboxReader.stripQuotes(etag);
  }

  /** The collection (first segment under inbox/); "default" for a file directly in inbox/. */
  public String collection() {
    return Identification.collectionOf(key).orElse("default");
  }
}
