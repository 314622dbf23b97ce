package dev.menagerie.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class RgbImageTest {

  @Test
  void chw_shouldLayOutTheRedPlaneThenGreenThenBlue() {
    // GIVEN a 2 x 1 image: (1, 2, 3) then (4, 5, 6)
    RgbImage image = new RgbImage(2, 1, new byte[] {1, 2, 3, 4, 5, (byte) 250});

    // WHEN it is laid out channel-first
    float[] chw = image.toChw();

    // THEN the planes follow each other, values unscaled
    assertThat(chw).containsExactly(1f, 4f, 2f, 5f, 3f, 250f);
  }

  @Test
  void writeChw_shouldWriteAtTheOffsetOfABatch() {
    // GIVEN room for two images of a batch
    RgbImage image = new RgbImage(1, 1, new byte[] {10, 20, 30});
    float[] batch = new float[6];

    // WHEN the image is written as the second of the batch
    image.writeChw(batch, 3);

    // THEN the first slot is untouched and the second holds it
    assertThat(batch).containsExactly(0f, 0f, 0f, 10f, 20f, 30f);
    assertThatThrownBy(() -> image.writeChw(batch, 4))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void rgb_shouldPackThePixelAndCheckBounds() {
    RgbImage image =
        new RgbImage(2, 2, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xAB, 0x12, 0x34});

    assertThat(image.rgb(1, 1)).isEqualTo(0xAB1234);
    assertThatThrownBy(() -> image.rgb(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void wrongLength_shouldBeRefused() {
    assertThatThrownBy(() -> new RgbImage(2, 2, new byte[11]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 12 bytes, got 11");
    assertThatThrownBy(() -> new RgbImage(0, 2, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bufferedImageRoundTrip_shouldKeepEveryPixel() {
    // GIVEN an image with varied pixels
    BufferedImage source = ImageFixtures.photoLike(31, 17);

    // WHEN it goes to RgbImage and back
    BufferedImage back = RgbImage.from(source).toBufferedImage();

    // THEN nothing changed
    assertThat(back.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 17; y++) {
      for (int x = 0; x < 31; x++) {
        assertThat(back.getRGB(x, y)).isEqualTo(source.getRGB(x, y));
      }
    }
  }

  @Test
  void from_shouldCompositeEveryAlphaLayoutOntoWhite() {
    // GIVEN half-transparent red in straight and premultiplied int and byte layouts
    int[] types = {
      BufferedImage.TYPE_INT_ARGB,
      BufferedImage.TYPE_INT_ARGB_PRE,
      BufferedImage.TYPE_4BYTE_ABGR,
      BufferedImage.TYPE_4BYTE_ABGR_PRE
    };
    for (int type : types) {
      BufferedImage image = new BufferedImage(1, 1, type);
      image.setRGB(0, 0, 0x80FF0000);

      // WHEN each is converted
      RgbImage rgb = RgbImage.from(image);

      // THEN red over white at half opacity is pink
      Pixels.assertColour(rgb, 0, 0, 0xFF7F7F, 1);
    }
  }

  @Test
  void from_shouldConvertOpaqueLayoutsExactly() {
    // GIVEN the same colour in each common opaque layout
    int[] types = {
      BufferedImage.TYPE_INT_RGB,
      BufferedImage.TYPE_INT_BGR,
      BufferedImage.TYPE_3BYTE_BGR,
      BufferedImage.TYPE_USHORT_565_RGB
    };
    for (int type : types) {
      BufferedImage image = new BufferedImage(2, 1, type);
      image.setRGB(1, 0, 0xFF0000);

      // WHEN each is converted THEN the colour is unchanged
      assertThat(RgbImage.from(image).rgb(1, 0)).as("type %d", type).isEqualTo(0xFF0000);
    }
  }
}
