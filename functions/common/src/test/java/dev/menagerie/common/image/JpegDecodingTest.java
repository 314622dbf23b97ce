package dev.menagerie.common.image;

import static dev.menagerie.common.image.ImageFixtures.BLUE;
import static dev.menagerie.common.image.ImageFixtures.GREEN;
import static dev.menagerie.common.image.ImageFixtures.PATCH;
import static dev.menagerie.common.image.ImageFixtures.RED;
import static dev.menagerie.common.image.ImageFixtures.YELLOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JpegDecodingTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  @Test
  void baselineJpeg_shouldDecodeItsColours() {
    // GIVEN a baseline JPEG of four coloured quadrants
    byte[] jpeg = ImageFixtures.jpeg(ImageFixtures.quadrants(64, 48, RED, GREEN, BLUE, YELLOW));

    // WHEN it is decoded
    RgbImage image = decoder.decode(jpeg);

    // THEN size and colours survive (within JPEG loss)
    assertThat(image.width()).isEqualTo(64);
    assertThat(image.height()).isEqualTo(48);
    Pixels.assertQuadrants(image, RED, GREEN, BLUE, YELLOW, 4, 12);
  }

  @Test
  void progressiveJpeg_shouldDecodeLikeBaseline() {
    // GIVEN the same picture as baseline and as progressive JPEG
    BufferedImage picture = ImageFixtures.quadrants(64, 48, RED, GREEN, BLUE, YELLOW);
    byte[] baseline = ImageFixtures.jpeg(picture);
    byte[] progressive = ImageFixtures.progressiveJpeg(picture);
    assertThat(ImageHeaders.jpegScanCount(progressive)).isGreaterThan(1);

    // WHEN both are decoded
    RgbImage fromBaseline = decoder.decode(baseline);
    RgbImage fromProgressive = decoder.decode(progressive);

    // THEN they agree
    Pixels.assertQuadrants(fromProgressive, RED, GREEN, BLUE, YELLOW, 4, 12);
    assertThat(Pixels.meanAbsoluteDifference(fromBaseline, fromProgressive)).isLessThan(1.0);
  }

  @Test
  void greyscaleJpeg_shouldReplicateTheStoredGreyWithoutGammaShift() {
    // GIVEN a one-component JPEG with a dark, a middle and a light band
    BufferedImage grey = new BufferedImage(48, 16, BufferedImage.TYPE_BYTE_GRAY);
    int[] levels = {40, 128, 220};
    for (int x = 0; x < 48; x++) {
      for (int y = 0; y < 16; y++) {
        grey.getRaster().setSample(x, y, 0, levels[x / 16]);
      }
    }
    byte[] jpeg = ImageFixtures.jpeg(grey);

    // WHEN it is decoded
    RgbImage image = decoder.decode(jpeg);

    // THEN each band is the same grey in R, G and B, at the stored level
    for (int band = 0; band < 3; band++) {
      int level = levels[band];
      Pixels.assertColour(image, band * 16 + 8, 8, level << 16 | level << 8 | level, 3);
    }
  }

  @Test
  void adobeCmykJpeg_shouldDecodeInvertedInksToTheirColours() {
    // GIVEN a Photoshop-style CMYK JPEG (APP14 transform 0, inverted samples)
    byte[] jpeg = ImageFixtures.adobeCmykJpeg(PATCH, 1);

    // WHEN it is decoded
    RgbImage image = decoder.decode(jpeg);

    // THEN paper is white, inks have their hues, black is black
    assertInkPatches(image, PATCH);
  }

  @Test
  void adobeYcckJpeg_shouldDecodeToTheSameColoursAsCmyk() {
    // GIVEN Photoshop-style YCCK JPEGs (APP14 transform 2), baseline and progressive
    for (boolean progressive : new boolean[] {false, true}) {
      byte[] jpeg = ImageFixtures.adobeYcckJpeg(progressive);

      // WHEN each is decoded
      RgbImage image = decoder.decode(jpeg);

      // THEN the colours match the inks
      assertInkPatches(image, PATCH);
    }
  }

  @Test
  void largeCmykJpeg_shouldKeepItsColoursOnTheFastPath() {
    // GIVEN a CMYK JPEG of 64-pixel patches, repeated, and a target 16 times smaller
    byte[] jpeg = ImageFixtures.adobeCmykJpeg(64, 2);
    ImageInfo info = decoder.probe(jpeg);
    int width = info.width() / 16;
    int height = info.height() / 16;

    // WHEN it is decoded to that target
    ImageDecoder.Decoded decoded = decoder.decodeScaled(jpeg, width, height);

    // THEN it was subsampled while read, and each 4-pixel patch still has its colour
    assertThat(decoded.subsampling().isActive()).isTrue();
    assertInkPatches(decoded.image(), 4);
  }

  @Test
  void jpegMissingOnlyItsEndMarker_shouldStillDecode() {
    // GIVEN a complete JPEG without the final EOI marker (some cameras and uploaders cut it)
    byte[] whole = ImageFixtures.jpeg(ImageFixtures.quadrants(64, 48, RED, GREEN, BLUE, YELLOW));
    byte[] withoutEoi = Arrays.copyOf(whole, whole.length - 2);

    // WHEN it is decoded
    RgbImage image = decoder.decode(withoutEoi);

    // THEN nothing is missing from the picture
    Pixels.assertQuadrants(image, RED, GREEN, BLUE, YELLOW, 4, 12);
  }

  /** Paper, cyan, magenta, yellow, black, cyan + magenta; {@code patch} pixels wide each. */
  private static void assertInkPatches(RgbImage image, int patch) {
    int y = Math.min(patch / 2, image.height() - 1);
    int[] paper = channels(image, patch / 2, y);
    int[] cyan = channels(image, patch + patch / 2, y);
    int[] magenta = channels(image, 2 * patch + patch / 2, y);
    int[] yellow = channels(image, 3 * patch + patch / 2, y);
    int[] black = channels(image, 4 * patch + patch / 2, y);
    int[] blue = channels(image, 5 * patch + patch / 2, y);
    assertThat(Arrays.stream(paper).min().getAsInt()).as("paper").isGreaterThan(235);
    assertThat(cyan[0]).as("cyan red").isLessThan(80);
    assertThat(cyan[1]).as("cyan green").isGreaterThan(140);
    assertThat(cyan[2]).as("cyan blue").isGreaterThan(180);
    assertThat(magenta[1]).as("magenta green").isLessThan(80);
    assertThat(magenta[0]).as("magenta red").isGreaterThan(180);
    assertThat(magenta[2]).as("magenta blue").isGreaterThan(100);
    assertThat(yellow[2]).as("yellow blue").isLessThan(80);
    assertThat(yellow[0]).as("yellow red").isGreaterThan(200);
    assertThat(yellow[1]).as("yellow green").isGreaterThan(200);
    assertThat(Arrays.stream(black).max().getAsInt()).as("black").isLessThan(60);
    assertThat(blue[0]).as("blue red").isLessThan(100);
    assertThat(blue[1]).as("blue green").isLessThan(100);
    assertThat(blue[2]).as("blue blue").isGreaterThan(120);
  }

  private static int[] channels(RgbImage image, int x, int y) {
    int rgb = image.rgb(x, y);
    return new int[] {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF};
  }
}
