package dev.menagerie.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Large images read at reduced scale when the target is much smaller, without losing quality:
 * baseline JPEGs in the DCT domain ({@link JpegScaledDecoder}), the rest by ImageIO subsampling.
 */
class FastPathTest {
  private static byte[] camera;

  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  @BeforeAll
  static void encodeACameraSizedJpeg() {
    camera = ImageFixtures.jpeg(ImageFixtures.photoLike(4000, 3000), 0.9f, false);
  }

  @Test
  void cameraJpegToModelInput_shouldDecodeAtOneEighthAndMatchTheFullDecode() {
    // GIVEN a 12-megapixel JPEG and a 299 x 299 model input

    // WHEN it is decoded to the model input, and separately in full and then resized
    ImageDecoder.Decoded fast = decoder.decodeScaled(camera, 299, 299);
    RgbImage reference = Resizer.resize(decoder.decode(camera), 299, 299);

    // THEN the fast path decoded it at 1/8 scale (500 x 375, at least the target each way)...
    assertThat(fast.dctReduction()).isEqualTo(8);
    assertThat(fast.subsampling()).isEqualTo(Subsampling.NONE);
    // ...and its pixels are the full decode's, give or take a level
    assertThat(fast.image().width()).isEqualTo(299);
    assertThat(fast.image().height()).isEqualTo(299);
    assertThat(Pixels.meanAbsoluteDifference(fast.image(), reference)).isLessThan(1.5);
  }

  @Test
  void turnedCameraJpeg_shouldPlanTheReductionOnTheStoredAxes() {
    // GIVEN the camera JPEG taken in portrait (stored landscape, orientation 6)
    byte[] portrait = ImageFixtures.withExifOrientation(camera, 6, ByteOrder.BIG_ENDIAN);

    // WHEN it is decoded to a portrait target of 150 x 600
    ImageDecoder.Decoded fast = decoder.decodeScaled(portrait, 150, 600);

    // THEN the stored 4000 x 3000 was reduced towards 600 x 150 (a quarter keeps 1000 x 750; an
    // eighth, 500 x 375, would be too narrow), then turned upright
    assertThat(fast.dctReduction()).isEqualTo(4);
    assertThat(fast.image().width()).isEqualTo(150);
    assertThat(fast.image().height()).isEqualTo(600);
    RgbImage reference =
        ExifOrientation.upright(Resizer.resize(decoder.decode(camera), 600, 150), 6);
    assertThat(Pixels.meanAbsoluteDifference(fast.image(), reference)).isLessThan(1.5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"png", "gif", "bmp"})
  void largeLosslessImage_shouldAlsoBeSubsampledWithoutLosingQuality(String format) {
    // GIVEN an 800 x 600 image in a lossless format and a target eight times smaller
    byte[] encoded = ImageFixtures.encode(ImageFixtures.photoLike(800, 600), format);

    // WHEN it is decoded to the target
    ImageDecoder.Decoded fast = decoder.decodeScaled(encoded, 100, 75);

    // THEN it was subsampled by four and matches the full decode, resized
    RgbImage reference = Resizer.resize(decoder.decode(encoded), 100, 75);
    assertThat(fast.subsampling()).isEqualTo(new Subsampling(4, 4));
    assertThat(Pixels.meanAbsoluteDifference(fast.image(), reference)).isLessThan(1.5);
  }

  @Test
  void targetNotMuchSmaller_shouldDecodeInFull() {
    // GIVEN a 1000 x 800 progressive JPEG and a 299 x 299 target (less than four times smaller)
    byte[] jpeg = ImageFixtures.progressiveJpeg(ImageFixtures.photoLike(1000, 800));

    // WHEN it is decoded to the target
    ImageDecoder.Decoded decoded = decoder.decodeScaled(jpeg, 299, 299);

    // THEN ImageIO read it and nothing was skipped while reading
    assertThat(decoded.readInDctDomain()).isFalse();
    assertThat(decoded.subsampling()).isEqualTo(Subsampling.NONE);
    assertThat(decoded.subsampling().isActive()).isFalse();
  }

  @Test
  void baselineJpegNotMuchLarger_shouldDecodeAtFullScaleInTheDctDomain() {
    // GIVEN a 500 x 400 baseline JPEG and a 299 x 299 target (less than twice smaller)
    byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.photoLike(500, 400));

    // WHEN it is decoded to the target
    ImageDecoder.Decoded decoded = decoder.decodeScaled(jpeg, 299, 299);

    // THEN every 8x8 block was transformed in full, and the result is ImageIO's, resized
    assertThat(decoded.dctReduction()).isEqualTo(1);
    RgbImage reference = Resizer.resize(decoder.decode(jpeg), 299, 299);
    assertThat(Pixels.meanAbsoluteDifference(decoded.image(), reference)).isLessThan(1.0);
  }

  @Test
  void plan_shouldKeepAtLeastTwiceTheTargetOnEachAxis() {
    // GIVEN sources and targets of various proportions
    // WHEN subsampling is planned THEN the subsampled size never drops below twice the target
    assertThat(Subsampling.plan(4000, 3000, 299, 299)).isEqualTo(new Subsampling(6, 5));
    assertThat(Subsampling.plan(1195, 1196, 299, 299)).isEqualTo(new Subsampling(1, 2));
    assertThat(Subsampling.plan(4000, 300, 299, 299)).isEqualTo(new Subsampling(6, 1));
    assertThat(Subsampling.plan(100, 100, 299, 299)).isEqualTo(Subsampling.NONE);
    for (int size = 300; size < 5000; size += 7) {
      Subsampling plan = Subsampling.plan(size, size, 299, 299);
      int kept = (size + plan.x() - 1 - plan.xOffset()) / plan.x();
      assertThat(kept).as("pixels kept of %d", size).isGreaterThanOrEqualTo(Math.min(size, 598));
    }
  }
}
