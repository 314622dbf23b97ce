package dev.menagerie.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.menagerie.common.error.MenagerieException;
import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.image.ImageLimits;
import dev.menagerie.common.image.RgbImage;

/**
 * Any bytes given to the decoder end in an image of the asked size or in a {@link
 * MenagerieException} with a client-error code; never another exception, a hang or an allocation
 * out of proportion to the input (the JVM's heap and Jazzer's per-input timeout catch those).
 */
class ImageDecoderFuzzTest {
  /** Lower than production, so that a fuzzer's large declared sizes are refused more often. */
  private static final ImageDecoder DECODER = new ImageDecoder(new ImageLimits(1 << 20, 4_000_000));

  @FuzzTest(maxDuration = "2m")
  void decode_shouldGiveAnImageOrAClientError(byte[] data) {
    try {
      RgbImage image = DECODER.decode(data, 32, 24);
      assertThat(image.width()).isEqualTo(32);
      assertThat(image.height()).isEqualTo(24);
    } catch (MenagerieException e) {
      assertThat(e.code().isClientError()).as(e.code() + ": " + e.getMessage()).isTrue();
    }
  }
}
