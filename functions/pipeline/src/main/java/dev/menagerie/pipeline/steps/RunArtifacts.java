package dev.menagerie.pipeline.steps;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.library.ImageFlags;
import dev.menagerie.common.library.ImageManifest;
import dev.menagerie.common.library.LibraryCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The bucket as the training run sees it: the library ({@code library/<label>/...}, flags in {@code
 * library/_meta/images.jsonl}), the benchmark sets ({@code benchmarks/<set>/<label>/...}), the
 * inbox collections, and the run's own artifacts under {@code runs/<runId>/} (channel manifests,
 * {@code dataset.json}, evaluation shards, {@code evaluation.json}, the job's output). Every S3
 * call of the pipeline's steps goes through here.
 */
public final class RunArtifacts {
  public static final String LIBRARY = "library/";
  public static final String META = LIBRARY + LibraryCatalog.MANIFEST;
  public static final String BENCHMARKS = "benchmarks/";
  public static final String INBOX = "inbox/";
  public static final String RUNS = "runs/";

  /** Files are written indented, for the engineer who opens them. */
  static final ObjectMapper JSON =
      new ObjectMapper()
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final S3Client s3;
  private final String bucket;

  public RunArtifacts(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** {@code s3://bucket/key}. */
  public String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }

  /** {@code runs/<runId>/}. */
  public static String runPrefix(String runId) {
    return RUNS + runId + "/";
  }

  /** The run's dataset: splits, counts and the images to evaluate. */
  public static String datasetKey(String runId) {
    return runPrefix(runId) + "dataset.json";
  }

  /** One evaluation shard's scores. */
  public static String shardKey(String runId, int shard) {
    return runPrefix(runId) + "evaluation/shard-" + shard + ".json";
  }

  /** The decision's figures over all shards. */
  public static String evaluationKey(String runId) {
    return runPrefix(runId) + "evaluation.json";
  }

  /** The library's flags by relative key; empty when there is no {@code images.jsonl}. */
  public Map<String, ImageFlags> libraryFlags() {
    byte[] bytes;
    try {
      bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(META)).asByteArray();
    } catch (NoSuchKeyException e) {
      return Map.of();
    }
    return ImageManifest.parse(new String(bytes, StandardCharsets.UTF_8), META);
  }

  /** The keys under {@code prefix}, relative to it. */
  public List<String> relativeKeys(String prefix) {
    return list(prefix).stream().map(k -> k.substring(prefix.length())).toList();
  }

  /** The "folders" directly under {@code prefix} (each ends with '/'), in key order. */
  public List<String> folders(String prefix) {
    List<String> folders = new ArrayList<>();
    for (CommonPrefix p :
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).delimiter("/"))
            .commonPrefixes()) {
      folders.add(p.prefix());
    }
    return folders;
  }

  private List<String> list(String prefix) {
    List<String> keys = new ArrayList<>();
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      if (!o.key().endsWith("/")) {
        keys.add(o.key());
      }
    }
    return keys;
  }

  /** True when {@code key} exists (a 403 on a missing key counts as absent). */
  public boolean exists(String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404 || e.statusCode() == 403) {
        return false;
      }
      throw e;
    }
  }

  /** The object's bytes. */
  public byte[] bytes(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  /** The object at {@code s3Uri}, which must be in this bucket; INVALID_PARAMETER if not. */
  public InputStream open(String s3Uri, String what) {
    String prefix = uri("");
    if (s3Uri == null || !s3Uri.startsWith(prefix)) {
      throw new MenagerieException(
          ErrorCode.INVALID_PARAMETER, what + " '" + s3Uri + "' are not in " + prefix);
    }
    return s3.getObject(b -> b.bucket(bucket).key(s3Uri.substring(prefix.length())));
  }

  /** Writes a SageMaker manifest: the prefix entry, then keys relative to it. Returns its URI. */
  public String writeManifest(String key, String prefixUri, List<String> relativeKeys)
      throws IOException {
    List<Object> manifest = new ArrayList<>();
    manifest.add(Map.of("prefix", prefixUri));
    manifest.addAll(relativeKeys);
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType("application/json"),
        RequestBody.fromBytes(new ObjectMapper().writeValueAsBytes(manifest)));
    return uri(key);
  }

  public void putJson(String key, Object value) throws IOException {
    s3.putObject(
        b -> b.bucket(bucket).key(key).contentType("application/json"),
        RequestBody.fromBytes(JSON.writeValueAsBytes(value)));
  }

  /** The JSON file at {@code key} as {@code type}; NOT_FOUND when it is missing. */
  public <T> T readJson(String key, Class<T> type) throws IOException {
    try {
      return JSON.readValue(bytes(key), type);
    } catch (NoSuchKeyException e) {
      throw new MenagerieException(ErrorCode.NOT_FOUND, uri(key) + " is missing", e);
    }
  }
}
