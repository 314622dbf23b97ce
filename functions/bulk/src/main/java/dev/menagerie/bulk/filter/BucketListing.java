package dev.menagerie.bulk.filter;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What the filters need to list in the bucket: library keys and inbox collections. */
public final class BucketListing {
  private final S3Client s3;
  private final String bucket;

  public BucketListing(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** Every key under {@code library/}, relative to it. */
  public List<String> libraryKeys() {
    List<String> keys = new ArrayList<>();
    s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("library/"))
        .contents()
        .forEach(o -> keys.add(o.key().substring("library/".length())));
    return keys;
  }

  /** The collections in the inbox (its first-level folders), sorted. */
  public List<String> collections() {
    List<String> collections = new ArrayList<>();
    s3
        .listObjectsV2Paginator(b -> b.bucket(bucket).prefix("inbox/").delimiter("/"))
        .commonPrefixes()
        .stream()
        .map(CommonPrefix::prefix)
        .map(p -> p.substring("inbox/".length(), p.length() - 1))
        .filter(c -> !c.isEmpty())
        .sorted()
        .forEach(collections::add);
    return collections;
  }

  /** Every object under a prefix. */
  public List<S3Object> objects(String prefix) {
    List<S3Object> objects = new ArrayList<>();
    s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
        .contents()
        .forEach(objects::add);
    return objects;
  }
}
