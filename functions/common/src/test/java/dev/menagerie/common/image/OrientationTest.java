package dev.menagerie.common.image;

import static dev.menagerie.common.image.ImageFixtures.BLUE;
import static dev.menagerie.common.image.ImageFixtures.GREEN;
import static dev.menagerie.common.image.ImageFixtures.RED;
import static dev.menagerie.common.image.ImageFixtures.YELLOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.awt.image.BufferedImage;
import java.nio.ByteOrder;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every EXIF orientation must give the same upright picture: red top-left, green top-right, blue
 * bottom-left, yellow bottom-right, 96 wide and 64 high. Each case stores that picture turned or
 * mirrored the way a camera would, described independently of the decoder's own mapping.
 */
class OrientationTest {
  private static final int WIDTH = 96;
  private static final int HEIGHT = 64;

  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  /** Orientation, then the stored quadrants: top-left, top-right, bottom-left, bottom-right. */
  static Stream<Arguments> orientations() {
    return Stream.of(
        arguments(1, RED, GREEN, BLUE, YELLOW), // as displayed
        arguments(2, GREEN, RED, YELLOW, BLUE), // stored mirrored left-right
        arguments(3, YELLOW, BLUE, GREEN, RED), // stored upside down
        arguments(4, BLUE, YELLOW, RED, GREEN), // stored mirrored top-bottom
        arguments(5, RED, BLUE, GREEN, YELLOW), // stored transposed (main diagonal)
        arguments(6, GREEN, YELLOW, RED, BLUE), // stored turned anticlockwise (camera on its side)
        arguments(7, YELLOW, GREEN, BLUE, RED), // stored transversed (anti-diagonal)
        arguments(8, BLUE, RED, YELLOW, GREEN)); // stored turned clockwise
  }

  @ParameterizedTest(name = "orientation {0}")
  @MethodSource("orientations")
  void jpegStoredTurned_shouldDecodeUprightForBothExifByteOrders(
      int orientation, int tl, int tr, int bl, int br) {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
      // GIVEN a JPEG stored turned, whose Exif says how to turn it back
      byte[] jpeg =
          ImageFixtures.withExifOrientation(
              ImageFixtures.jpeg(stored(orientation, tl, tr, bl, br)), orientation, order);

      // WHEN it is decoded
      RgbImage image = decoder.decode(jpeg);

      // THEN it is upright
      assertThat(image.width()).isEqualTo(WIDTH);
      assertThat(image.height()).isEqualTo(HEIGHT);
      Pixels.assertQuadrants(image, RED, GREEN, BLUE, YELLOW, 4, 12);
    }
  }

  @ParameterizedTest(name = "orientation {0}")
  @MethodSource("orientations")
  void pngStoredTurned_shouldDecodeToExactlyTheUprightPixels(
      int orientation, int tl, int tr, int bl, int br) {
    // GIVEN a lossless PNG stored turned, with an eXIf chunk
    byte[] png =
        ImageFixtures.pngWithExifOrientation(
            ImageFixtures.png(stored(orientation, tl, tr, bl, br)), orientation);

    // WHEN it is decoded
    RgbImage image = decoder.decode(png);

    // THEN every pixel is where the upright picture has it
    assertThat(image.width()).isEqualTo(WIDTH);
    assertThat(image.height()).isEqualTo(HEIGHT);
    Pixels.assertQuadrants(image, RED, GREEN, BLUE, YELLOW, 0, 0);
  }

  @ParameterizedTest(name = "orientation {0}")
  @MethodSource("orientations")
  void jpegStoredTurned_shouldScaleToTheUprightTarget(
      int orientation, int tl, int tr, int bl, int br) {
    // GIVEN a turned JPEG
    byte[] jpeg =
        ImageFixtures.withExifOrientation(
            ImageFixtures.jpeg(stored(orientation, tl, tr, bl, br)),
            orientation,
            ByteOrder.BIG_ENDIAN);

    // WHEN it is decoded to a target half the upright size
    RgbImage image = decoder.decode(jpeg, WIDTH / 2, HEIGHT / 2);

    // THEN the target is filled upright
    assertThat(image.width()).isEqualTo(WIDTH / 2);
    assertThat(image.height()).isEqualTo(HEIGHT / 2);
    Pixels.assertQuadrants(image, RED, GREEN, BLUE, YELLOW, 3, 12);
  }

  @ParameterizedTest(name = "orientation {0}")
  @MethodSource("orientations")
  void probe_shouldReportStoredSizeAndOrientation(int orientation, int tl, int tr, int bl, int br) {
    // GIVEN a turned JPEG
    byte[] jpeg =
        ImageFixtures.withExifOrientation(
            ImageFixtures.jpeg(stored(orientation, tl, tr, bl, br)),
            orientation,
            ByteOrder.LITTLE_ENDIAN);

    // WHEN it is probed
    ImageInfo info = decoder.probe(jpeg);

    // THEN the headers' view is reported as stored, and upright dimensions follow
    boolean transposed = orientation >= 5;
    assertThat(info.orientation()).isEqualTo(orientation);
    assertThat(info.width()).isEqualTo(transposed ? HEIGHT : WIDTH);
    assertThat(info.height()).isEqualTo(transposed ? WIDTH : HEIGHT);
    assertThat(info.uprightWidth()).isEqualTo(WIDTH);
    assertThat(info.uprightHeight()).isEqualTo(HEIGHT);
  }

  /** The upright picture as a camera in that orientation stores it. */
  private static BufferedImage stored(int orientation, int tl, int tr, int bl, int br) {
    boolean transposed = orientation >= 5;
    return ImageFixtures.quadrants(
        transposed ? HEIGHT : WIDTH, transposed ? WIDTH : HEIGHT, tl, tr, bl, br);
  }
}
