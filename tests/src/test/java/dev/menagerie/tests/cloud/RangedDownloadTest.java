package dev.menagerie.tests.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menagerie.common.store.RangedDownload;
import dev.menagerie.local.cloud.LocalCloud;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The model graph's ranged, parallel read against S3Mock: every byte in place, at every size. */
@ExtendWith(LocalCloudExtension.class)
class RangedDownloadTest {
  private static final int PART = 64 * 1024;

  private final LocalCloud cloud;

  RangedDownloadTest(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1, PART - 1, PART, PART + 1, 3 * PART, 9 * PART + 12345})
  void anySize_shouldComeBackByteForByte(int size) {
    byte[] object = new byte[size];
    new Random(size).nextBytes(object);
    String key = put(object);

    byte[] read = RangedDownload.read(cloud.s3(), bucket(), key, PART);

    assertThat(read).isEqualTo(object);
  }

  @Test
  void missingObject_shouldBeNoSuchKey() {
    assertThatThrownBy(() -> RangedDownload.read(cloud.s3(), bucket(), "models/none/x", PART))
        .isInstanceOf(NoSuchKeyException.class);
  }

  private String put(byte[] object) {
    String key = "models/ranged-" + UUID.randomUUID() + "/model.onnx";
    cloud.s3().putObject(b -> b.bucket(bucket()).key(key), RequestBody.fromBytes(object));
    return key;
  }

  private String bucket() {
    return cloud.resources().bucketNames().get(0);
  }
}
