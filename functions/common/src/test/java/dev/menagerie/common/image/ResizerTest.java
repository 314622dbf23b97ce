package dev.menagerie.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResizerTest {

  @Test
  void checkerboard_shouldAverageToGrey() {
    // GIVEN a one-pixel black and white checkerboard
    RgbImage board = image(64, 48, (x, y) -> (x + y) % 2 == 0 ? 0xFFFFFF : 0x000000);

    // WHEN it is shrunk by a non-integer factor on each axis
    RgbImage grey = Resizer.resize(board, 10, 7);

    // THEN every pixel is mid grey (no aliasing into stripes)
    for (int y = 0; y < grey.height(); y++) {
      for (int x = 0; x < grey.width(); x++) {
        Pixels.assertColour(grey, x, y, 0x808080, 4);
      }
    }
  }

  @Test
  void integerFactorDownscale_shouldGiveEachBlockItsExactColour() {
    // GIVEN 4 x 4 blocks, each a different colour
    RgbImage blocks = image(24, 12, (x, y) -> blockColour(x / 4, y / 4));

    // WHEN it is shrunk by exactly 4
    RgbImage small = Resizer.resize(blocks, 6, 3);

    // THEN each output pixel is exactly its block's colour
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 6; x++) {
        assertThat(small.rgb(x, y)).isEqualTo(blockColour(x, y));
      }
    }
  }

  @Test
  void fractionalCoverage_shouldWeighPixelsByTheAreaTheyCover() {
    // GIVEN a row of three greys: 0, 90, 180
    RgbImage row = image(3, 1, (x, y) -> grey(90 * x));

    // WHEN it is shrunk to two pixels (each covering one and a half source pixels)
    RgbImage two = Resizer.resize(row, 2, 1);

    // THEN (0 + 90/2) / 1.5 = 30 and (90/2 + 180) / 1.5 = 150
    assertThat(two.rgb(0, 0)).isEqualTo(grey(30));
    assertThat(two.rgb(1, 0)).isEqualTo(grey(150));
  }

  @Test
  void solidColour_shouldStayExactlySolidAtAnySize() {
    // GIVEN a solid colour
    RgbImage solid = image(37, 23, (x, y) -> 0x3C7AB1);

    // WHEN it is resized down, up, and down one way and up the other
    // THEN every pixel keeps the colour (weights sum to one)
    for (int[] size : new int[][] {{5, 3}, {100, 71}, {11, 40}, {37, 2}}) {
      RgbImage resized = Resizer.resize(solid, size[0], size[1]);
      for (int y = 0; y < resized.height(); y++) {
        for (int x = 0; x < resized.width(); x++) {
          assertThat(resized.rgb(x, y)).isEqualTo(0x3C7AB1);
        }
      }
    }
  }

  @Test
  void upscale_shouldKeepTheCornersAndInterpolateBetween() {
    // GIVEN a 2 x 2 image of four colours
    RgbImage four =
        image(2, 2, (x, y) -> new int[] {0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF}[2 * y + x]);

    // WHEN it is enlarged to 5 x 5
    RgbImage large = Resizer.resize(four, 5, 5);

    // THEN the corners are the source pixels and the centre is their average
    assertThat(large.rgb(0, 0)).isEqualTo(0xFF0000);
    assertThat(large.rgb(4, 0)).isEqualTo(0x00FF00);
    assertThat(large.rgb(0, 4)).isEqualTo(0x0000FF);
    assertThat(large.rgb(4, 4)).isEqualTo(0xFFFFFF);
    Pixels.assertColour(large, 2, 2, 0x808080, 1);
  }

  @Test
  void upscaleOfAGradient_shouldBeMonotonic() {
    // GIVEN a horizontal ramp of 4 greys
    RgbImage ramp = image(4, 1, (x, y) -> grey(60 * x));

    // WHEN it is enlarged to 13 pixels
    RgbImage wide = Resizer.resize(ramp, 13, 1);

    // THEN it still rises left to right, from the first grey to the last
    assertThat(wide.rgb(0, 0)).isEqualTo(grey(0));
    assertThat(wide.rgb(12, 0)).isEqualTo(grey(180));
    for (int x = 1; x < 13; x++) {
      assertThat(wide.rgb(x, 0) & 0xFF).isGreaterThanOrEqualTo(wide.rgb(x - 1, 0) & 0xFF);
    }
  }

  @Test
  void eachAxis_shouldUseItsOwnFilter() {
    // GIVEN vertical stripes, two pixels each, of black and white, 2 rows high
    RgbImage stripes = image(8, 2, (x, y) -> (x / 2) % 2 == 0 ? 0 : 0xFFFFFF);

    // WHEN it is halved horizontally (area average) and doubled vertically (bilinear)
    RgbImage resized = Resizer.resize(stripes, 4, 4);

    // THEN columns alternate black and white exactly, and rows are all alike
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        assertThat(resized.rgb(x, y)).isEqualTo(x % 2 == 0 ? 0 : 0xFFFFFF);
      }
    }
  }

  @Test
  void sameSize_shouldReturnTheImageItself() {
    RgbImage image = image(3, 2, (x, y) -> 0x123456);

    assertThat(Resizer.resize(image, 3, 2)).isSameAs(image);
  }

  @Test
  void nonPositiveTarget_shouldBeRefused() {
    RgbImage image = image(3, 2, (x, y) -> 0);

    assertThatThrownBy(() -> Resizer.resize(image, 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x2");
  }

  @Test
  void largeDownscale_shouldAllocateOnlyWorkingBuffers() {
    // GIVEN a 4000 x 3000 image (12 Mpx; already warmed up on a smaller one)
    RgbImage large = image(4000, 3000, (x, y) -> (x * 31 + y * 17) & 0xFFFFFF);
    Resizer.resize(image(400, 300, (x, y) -> x), 299, 299);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    // WHEN it is resized to 299 x 299
    long before = threads.getCurrentThreadAllocatedBytes();
    RgbImage small = Resizer.resize(large, 299, 299);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    // THEN only array buffers were allocated: an object per pixel would be hundreds of MB
    // (speed is measured in the benchmark suite, not asserted here)
    assertThat(small.width()).isEqualTo(299);
    assertThat(allocated).isLessThan(64L * 1024 * 1024);
  }

  private interface Painter {
    int rgb(int x, int y);
  }

  private static RgbImage image(int width, int height, Painter painter) {
    byte[] rgb = new byte[3 * width * height];
    for (int y = 0, i = 0; y < height; y++) {
      for (int x = 0; x < width; x++, i += 3) {
        int c = painter.rgb(x, y);
        rgb[i] = (byte) (c >> 16);
        rgb[i + 1] = (byte) (c >> 8);
        rgb[i + 2] = (byte) c;
      }
    }
    return new RgbImage(width, height, rgb);
  }

  private static int blockColour(int bx, int by) {
    return (bx * 40) << 16 | (by * 80) << 8 | (255 - bx * 20 - by * 30);
  }

  private static int grey(int level) {
    return level << 16 | level << 8 | level;
  }
}
