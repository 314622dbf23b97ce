package dev.menagerie.common.image;

import static dev.menagerie.common.image.ImageFixtures.BLUE;
import static dev.menagerie.common.image.ImageFixtures.GREEN;
import static dev.menagerie.common.image.ImageFixtures.RED;
import static dev.menagerie.common.image.ImageFixtures.YELLOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

/** PNG in all its colour types and depths, GIF and BMP: exact pixels expected. */
class LosslessDecodingTest {
  private static final int WHITE = 0xFFFFFF;

  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  @Test
  void greyPng_shouldReplicateEachLevelExactly() {
    // GIVEN an 8-bit grey PNG with every level from 0 to 255
    BufferedImage grey = new BufferedImage(256, 2, BufferedImage.TYPE_BYTE_GRAY);
    for (int x = 0; x < 256; x++) {
      grey.getRaster().setSample(x, 0, 0, x);
      grey.getRaster().setSample(x, 1, 0, 255 - x);
    }

    // WHEN it is decoded
    RgbImage image = decoder.decode(ImageFixtures.png(grey));

    // THEN each pixel is that level in R, G and B (no gamma shift)
    for (int x = 0; x < 256; x++) {
      assertThat(image.rgb(x, 0)).isEqualTo(x << 16 | x << 8 | x);
      int y = 255 - x;
      assertThat(image.rgb(x, 1)).isEqualTo(y << 16 | y << 8 | y);
    }
  }

  @Test
  void sixteenBitGreyPng_shouldRoundToEightBits() {
    // GIVEN a 16-bit grey PNG
    BufferedImage grey = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
    int[] samples = {0, 0x1280, 0x8080, 0xFFFF};
    for (int x = 0; x < samples.length; x++) {
      grey.getRaster().setSample(x, 0, 0, samples[x]);
    }

    // WHEN it is decoded
    RgbImage image = decoder.decode(ImageFixtures.png(grey));

    // THEN each sample is rounded to the nearest 8-bit level
    int[] expected = {0, 18, 128, 255};
    for (int x = 0; x < expected.length; x++) {
      int level = expected[x];
      assertThat(image.rgb(x, 0)).isEqualTo(level << 16 | level << 8 | level);
    }
  }

  @Test
  void greyAlphaPng_shouldCompositeOntoWhite() {
    // GIVEN a grey + alpha PNG: black at opacity 0, 128 and 255
    ColorModel model =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_GRAY),
            true,
            false,
            Transparency.TRANSLUCENT,
            DataBuffer.TYPE_BYTE);
    WritableRaster raster = model.createCompatibleWritableRaster(3, 1);
    for (int x = 0; x < 3; x++) {
      raster.setPixel(x, 0, new int[] {0, new int[] {0, 128, 255}[x]});
    }
    BufferedImage image = new BufferedImage(model, raster, false, null);

    // WHEN it is decoded
    RgbImage decoded = decoder.decode(ImageFixtures.png(image));

    // THEN transparent is white, half is mid grey, opaque is black
    assertThat(decoded.rgb(0, 0)).isEqualTo(WHITE);
    assertThat(decoded.rgb(1, 0)).isEqualTo(0x7F7F7F);
    assertThat(decoded.rgb(2, 0)).isEqualTo(0x000000);
  }

  @Test
  void palettePngWithTransparency_shouldCompositeEachEntryOntoWhite() {
    // GIVEN a palette PNG (PLTE + tRNS): opaque red, half-transparent blue, transparent green
    IndexColorModel palette =
        new IndexColorModel(
            8,
            3,
            new byte[] {(byte) 255, 0, 0},
            new byte[] {0, 0, (byte) 255},
            new byte[] {0, (byte) 255, 0},
            new byte[] {(byte) 255, (byte) 128, 0});
    BufferedImage indexed = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
    for (int x = 0; x < 3; x++) {
      indexed.getRaster().setSample(x, 0, 0, x);
    }
    byte[] png = ImageFixtures.png(indexed);
    assertThat(png[25]).as("PNG colour type").isEqualTo((byte) 3);

    // WHEN it is decoded
    RgbImage image = decoder.decode(png);

    // THEN the entries are composited onto white
    assertThat(image.rgb(0, 0)).isEqualTo(0xFF0000);
    assertThat(image.rgb(1, 0)).isEqualTo(0x7F7FFF);
    assertThat(image.rgb(2, 0)).isEqualTo(WHITE);
  }

  @Test
  void rgbPngWithAColourKey_shouldTurnThatColourWhite() {
    // GIVEN an RGB PNG whose tRNS chunk makes the colour 102030 transparent
    BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(0, 0, 0x102030);
    rgb.setRGB(1, 0, 0xFF0000);
    byte[] png =
        ImageFixtures.pngWithChunk(
            ImageFixtures.png(rgb), "tRNS", new byte[] {0, 0x10, 0, 0x20, 0, 0x30});

    // WHEN it is decoded
    RgbImage image = decoder.decode(png);

    // THEN the keyed colour is composited (white) and the others are kept
    assertThat(image.rgb(0, 0)).isEqualTo(WHITE);
    assertThat(image.rgb(1, 0)).isEqualTo(0xFF0000);
  }

  @Test
  void rgbaPng_shouldCompositeOntoWhite() {
    // GIVEN an RGBA PNG: opaque red, half-transparent green, transparent blue
    BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0xFFFF0000);
    argb.setRGB(1, 0, 0x8000FF00);
    argb.setRGB(2, 0, 0x000000FF);

    // WHEN it is decoded
    RgbImage image = decoder.decode(ImageFixtures.png(argb));

    // THEN colour is laid over white in proportion to opacity
    assertThat(image.rgb(0, 0)).isEqualTo(0xFF0000);
    assertThat(image.rgb(1, 0)).isEqualTo(0x7FFF7F);
    assertThat(image.rgb(2, 0)).isEqualTo(WHITE);
  }

  @Test
  void sixteenBitRgbaInterlacedPng_shouldRoundAndComposite() {
    // GIVEN an interlaced 16-bit RGBA PNG
    ColorModel model =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            true,
            false,
            Transparency.TRANSLUCENT,
            DataBuffer.TYPE_USHORT);
    WritableRaster raster = model.createCompatibleWritableRaster(9, 9);
    for (int y = 0; y < 9; y++) {
      for (int x = 0; x < 9; x++) {
        int alpha = x < 3 ? 0xFFFF : x < 6 ? 0 : 0x8080;
        raster.setPixel(x, y, new int[] {0xFFFF, 0x8080, 0x0000, alpha});
      }
    }
    byte[] png = ImageFixtures.interlacedPng(new BufferedImage(model, raster, false, null));
    assertThat(png[24]).as("bit depth").isEqualTo((byte) 16);
    assertThat(png[28]).as("interlace method").isEqualTo((byte) 1);

    // WHEN it is decoded
    RgbImage image = decoder.decode(png);

    // THEN opaque pixels are rounded, transparent ones white, half ones in between
    for (int y = 0; y < 9; y++) {
      assertThat(image.rgb(1, y)).isEqualTo(0xFF8000);
      assertThat(image.rgb(4, y)).isEqualTo(WHITE);
      assertThat(image.rgb(7, y)).isEqualTo(0xFFBF7F);
    }
  }

  @Test
  void sixteenBitRgbPng_shouldRoundToEightBits() {
    // GIVEN a 16-bit RGB PNG
    ColorModel model =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster raster = model.createCompatibleWritableRaster(1, 1);
    raster.setPixel(0, 0, new int[] {0x0101 * 200, 0x1280, 0xFFFF});

    // WHEN it is decoded
    RgbImage image =
        decoder.decode(ImageFixtures.png(new BufferedImage(model, raster, false, null)));

    // THEN each channel is rounded
    assertThat(image.rgb(0, 0)).isEqualTo(200 << 16 | 18 << 8 | 255);
  }

  @Test
  void interlacedRgbPng_shouldDecodeExactly() {
    // GIVEN an Adam7-interlaced RGB PNG of odd size
    BufferedImage picture = ImageFixtures.quadrants(37, 23, RED, GREEN, BLUE, YELLOW);
    byte[] png = ImageFixtures.interlacedPng(picture);
    assertThat(png[28]).as("interlace method").isEqualTo((byte) 1);

    // WHEN it is decoded
    RgbImage image = decoder.decode(png);

    // THEN every pixel is as written
    assertSamePixels(image, picture);
  }

  @Test
  void oneBitPng_shouldDecodeToBlackAndWhite() {
    // GIVEN a 1-bit PNG, alternating black and white columns
    BufferedImage binary = new BufferedImage(8, 2, BufferedImage.TYPE_BYTE_BINARY);
    for (int x = 0; x < 8; x += 2) {
      binary.getRaster().setSample(x, 0, 0, 1);
      binary.getRaster().setSample(x, 1, 0, 1);
    }

    // WHEN it is decoded
    RgbImage image = decoder.decode(ImageFixtures.png(binary));

    // THEN columns alternate white and black
    for (int x = 0; x < 8; x++) {
      assertThat(image.rgb(x, 1)).isEqualTo(x % 2 == 0 ? WHITE : 0);
    }
  }

  @Test
  void gif_shouldDecodeItsFirstFrameWithTransparencyOnWhite() {
    // GIVEN a GIF of three 10-pixel columns whose third palette entry is transparent
    IndexColorModel palette =
        new IndexColorModel(
            8,
            4,
            new byte[] {(byte) 255, 0, 0, 0},
            new byte[] {0, (byte) 255, 0, 0},
            new byte[] {0, 0, (byte) 255, 0},
            2);
    BufferedImage indexed = new BufferedImage(30, 20, BufferedImage.TYPE_BYTE_INDEXED, palette);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 30; x++) {
        indexed.getRaster().setSample(x, y, 0, x / 10);
      }
    }

    // WHEN it is decoded
    RgbImage image = decoder.decode(ImageFixtures.encode(indexed, "gif"));

    // THEN colours are exact and the transparent entry is white
    assertThat(image.width()).isEqualTo(30);
    assertThat(image.height()).isEqualTo(20);
    assertThat(image.rgb(5, 10)).isEqualTo(0xFF0000);
    assertThat(image.rgb(15, 10)).isEqualTo(0x00FF00);
    assertThat(image.rgb(25, 10)).isEqualTo(WHITE);
  }

  @Test
  void bmp_shouldDecodeExactly() {
    // GIVEN a 24-bit BMP
    BufferedImage picture = new BufferedImage(13, 7, BufferedImage.TYPE_3BYTE_BGR);
    picture
        .getGraphics()
        .drawImage(ImageFixtures.quadrants(13, 7, RED, GREEN, BLUE, YELLOW), 0, 0, null);

    // WHEN it is decoded
    RgbImage image = decoder.decode(ImageFixtures.encode(picture, "bmp"));

    // THEN every pixel is as written
    assertSamePixels(image, picture);
  }

  private static void assertSamePixels(RgbImage image, BufferedImage expected) {
    assertThat(image.width()).isEqualTo(expected.getWidth());
    assertThat(image.height()).isEqualTo(expected.getHeight());
    for (int y = 0; y < expected.getHeight(); y++) {
      for (int x = 0; x < expected.getWidth(); x++) {
        assertThat(image.rgb(x, y))
            .as("pixel (%d, %d)", x, y)
            .isEqualTo(expected.getRGB(x, y) & 0xFFFFFF);
      }
    }
  }
}
