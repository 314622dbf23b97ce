package dev.menagerie.common.store;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.model.ModelBundle;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Model files in the bucket under {@code models/<version>/}. */
public final class ModelRepository {
  public static final String PREFIX = "models/";

  private final S3Client s3;
  private final String bucket;

  public ModelRepository(S3Client s3, String bucket) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
  }

  public static String location(String version) {
    return PREFIX + version + "/";
  }

  /** Uploads the three files; the card goes last, so a complete card means a complete model. */
  public String upload(ModelBundle bundle) {
    String prefix = location(bundle.card().version());
    for (String file : ModelBundle.FILES) {
      s3.putObject(
          b -> b.bucket(bucket).key(prefix + file), RequestBody.fromBytes(bundle.file(file)));
    }
    return prefix;
  }

  /**
   * Uploads the bundle and the extra files a training job leaves beside it (the weights and
   * architecture the next warm start reads), the extras before the bundle so the card, written
   * last, still marks completion.
   */
  public String upload(ModelBundle bundle, Map<String, byte[]> extraFiles) {
    String prefix = location(bundle.card().version());
    extraFiles.forEach(
        (file, bytes) -> {
          if (ModelBundle.FILES.contains(file) || file.contains("/") || file.startsWith(".")) {
            throw new IllegalArgumentException("not an extra model file name: " + file);
          }
          s3.putObject(b -> b.bucket(bucket).key(prefix + file), RequestBody.fromBytes(bytes));
        });
    return upload(bundle);
  }

  /** The s3:// URI of a location (a SageMaker channel's S3Prefix). */
  public String uri(String location) {
    return "s3://" + bucket + "/" + location;
  }

  /** The model's three files; the graph, the large one, is read in ranges side by side. */
  public ModelBundle download(String location) {
    try {
      return ModelBundle.parse(
          RangedDownload.read(s3, bucket, location + ModelBundle.ONNX_FILE),
          read(location + ModelBundle.LABELS_FILE),
          read(location + ModelBundle.CARD_FILE));
    } catch (NoSuchKeyException e) {
      throw new MenagerieException(
          ErrorCode.NOT_FOUND, "no complete model at s3://" + bucket + "/" + location, e);
    }
  }

  private byte[] read(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }
}
