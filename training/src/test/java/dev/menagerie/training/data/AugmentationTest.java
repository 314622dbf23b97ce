package dev.menagerie.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menagerie.common.image.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentationTest {
  private static final int SIZE = 64;

  /** A white image with a red block at x in [x0, x1), y in [y0, y1). */
  private static RgbImage block(int x0, int x1, int y0, int y1) {
    byte[] rgb = new byte[SIZE * SIZE * 3];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        boolean red = x >= x0 && x < x1 && y >= y0 && y < y1;
        int at = (y * SIZE + x) * 3;
        rgb[at] = (byte) 255;
        rgb[at + 1] = (byte) (red ? 0 : 255);
        rgb[at + 2] = (byte) (red ? 0 : 255);
      }
    }
    return new RgbImage(SIZE, SIZE, rgb);
  }

  /** {minX, maxX, minY, maxY} of the red pixels. */
  private static int[] redBox(RgbImage image) {
    int[] box = {SIZE, -1, SIZE, -1};
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int rgb = image.rgb(x, y);
        if (((rgb >> 8) & 0xFF) < 128) {
          box[0] = Math.min(box[0], x);
          box[1] = Math.max(box[1], x);
          box[2] = Math.min(box[2], y);
          box[3] = Math.max(box[3], y);
        }
      }
    }
    return box;
  }

  @Test
  void flip_shouldMirrorAnAsymmetricPatternLeftToRight() {
    // GIVEN a red block on the left edge
    RgbImage left = block(0, 16, 20, 40);
    // WHEN it is flipped
    RgbImage flipped = Augmentation.transform(left, new Augmentation.Draw(true, 0, 1));
    // THEN the block is on the right edge, same rows
    assertThat(redBox(flipped)).containsExactly(48, 63, 20, 39);
  }

  @Test
  void rotation_shouldTurnAHorizontalBarVertical() {
    // GIVEN a horizontal bar through the centre
    RgbImage bar = block(12, 52, 28, 36);
    // WHEN it is rotated by 90 degrees
    int[] box = redBox(Augmentation.transform(bar, new Augmentation.Draw(false, 90, 1)));
    // THEN it is about 8 wide and 40 tall
    assertThat(box[1] - box[0] + 1).isBetween(6, 10);
    assertThat(box[3] - box[2] + 1).isBetween(38, 42);
  }

  @Test
  void zoomOut_shouldShrinkTheSubjectAndZoomIn_shouldGrowIt() {
    // GIVEN a 20-pixel square in the centre
    RgbImage square = block(22, 42, 22, 42);
    // WHEN zoomed out by 0.5 and in by 1.5
    int[] out = redBox(Augmentation.transform(square, new Augmentation.Draw(false, 0, 0.5)));
    int[] in = redBox(Augmentation.transform(square, new Augmentation.Draw(false, 0, 1.5)));
    // THEN it is about 10 and about 30 pixels wide
    assertThat(out[1] - out[0] + 1).isBetween(9, 12);
    assertThat(in[1] - in[0] + 1).isBetween(28, 32);
  }

  @Test
  void smallSubject_shouldNeverBeZoomedOut() {
    // GIVEN zoom allowed from 0.7 to 1.2
    Augmentation augmentation = new Augmentation(true, 10, 0.7f, 1.2f);
    Random random = new Random(1);
    double smallMin = Double.MAX_VALUE;
    double otherMin = Double.MAX_VALUE;
    // WHEN many transforms are drawn for small-subject and ordinary images
    for (int i = 0; i < 2000; i++) {
      smallMin = Math.min(smallMin, augmentation.draw(true, random).zoom());
      otherMin = Math.min(otherMin, augmentation.draw(false, random).zoom());
    }
    // THEN small-subject images are never zoomed out; ordinary ones are
    assertThat(smallMin).isGreaterThanOrEqualTo(1.0);
    assertThat(otherMin).isLessThan(0.75);
  }

  @Test
  void drawsWithinConfiguredRanges_shouldRespectRotationAndFlipSettings() {
    // GIVEN rotation ±5 degrees and flip off
    Augmentation augmentation = new Augmentation(false, 5, 1f, 1f);
    Random random = new Random(2);
    // WHEN many transforms are drawn
    for (int i = 0; i < 1000; i++) {
      Augmentation.Draw d = augmentation.draw(false, random);
      // THEN none flips and every angle is within ±5
      assertThat(d.flipped()).isFalse();
      assertThat(Math.abs(d.degrees())).isLessThanOrEqualTo(5.0);
    }
  }

  @Test
  void sameSeed_shouldGiveIdenticalPixelsAndAnotherSeed_shouldNot() {
    // GIVEN an asymmetric image and an augmentation with every transform on
    RgbImage image = block(5, 30, 10, 20);
    Augmentation augmentation = new Augmentation(true, 15, 0.8f, 1.2f);
    // WHEN it is augmented twice with seed 7 and once with seed 8
    byte[] a = augmentation.apply(image, false, new Random(7)).interleaved();
    byte[] b = augmentation.apply(image, false, new Random(7)).interleaved();
    byte[] c = augmentation.apply(image, false, new Random(8)).interleaved();
    // THEN the seeded results are identical and the other differs
    assertThat(a).isEqualTo(b);
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void none_shouldReturnTheSamePixels() {
    RgbImage image = block(5, 30, 10, 20);
    assertThat(Augmentation.NONE.apply(image, false, new Random(3)).interleaved())
        .isEqualTo(image.interleaved());
  }
}
