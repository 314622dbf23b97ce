package dev.menagerie.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Baseline JPEGs decoded in the DCT domain at reduced scale, against ImageIO's full decode. */
class JpegScaledDecoderTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  @ParameterizedTest(name = "{0}x{1} luma {2}x{3} restart {4} to {5}x{6}")
  @CsvSource({
    // width, height, luma h, luma v, restart interval, target, expected reduction
    "640, 480, 2, 2, 0, 80, 60, 8",
    "643, 487, 2, 2, 7, 100, 100, 4",
    "1001, 603, 2, 1, 5, 299, 299, 2",
    "517, 389, 1, 1, 0, 299, 299, 1",
    "480, 640, 1, 2, 2, 60, 80, 8",
    "1024, 768, 2, 2, 0, 256, 192, 4",
    "1024, 768, 1, 1, 11, 299, 299, 2",
    "250, 170, 4, 2, 3, 31, 21, 8",
  })
  void colourJpeg_shouldMatchTheFullDecodeResized(
      int width, int height, int h, int v, int restart, int tw, int th, int reduction) {
    // GIVEN a photo-like JPEG with these sampling factors and restart interval
    byte[] jpeg = JpegEncodings.jpeg(ImageFixtures.photoLike(width, height), 0.9f, h, v, restart);

    // WHEN it is decoded to the target, and separately by ImageIO in full and then resized
    ImageDecoder.Decoded fast = decoder.decodeScaled(jpeg, tw, th);
    RgbImage reference = Resizer.resize(decoder.decode(jpeg), tw, th);

    // THEN the DCT-domain decoder read it at the expected scale, and its pixels agree
    assertThat(fast.dctReduction()).isEqualTo(reduction);
    assertThat(fast.subsampling()).isEqualTo(Subsampling.NONE);
    assertThat(Pixels.meanAbsoluteDifference(fast.image(), reference)).isLessThan(1.5);
    assertThat(maxDifference(fast.image(), reference)).isLessThan(40);
  }

  @ParameterizedTest(name = "{0}x{1} restart {2} to {3}x{4}")
  @CsvSource({"333, 251, 3, 41, 31", "333, 251, 0, 170, 130", "64, 48, 1, 64, 48"})
  void greyJpeg_shouldMatchTheFullDecodeResized(
      int width, int height, int restart, int tw, int th) {
    // GIVEN a one-component JPEG
    BufferedImage grey = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    grey.getGraphics().drawImage(ImageFixtures.photoLike(width, height), 0, 0, null);
    byte[] jpeg = JpegEncodings.jpeg(grey, 0.9f, 1, 1, restart);

    // WHEN it is decoded to the target
    ImageDecoder.Decoded fast = decoder.decodeScaled(jpeg, tw, th);

    // THEN it took the fast path, and R = G = B = the full decode's grey
    RgbImage reference = Resizer.resize(decoder.decode(jpeg), tw, th);
    assertThat(fast.readInDctDomain()).isTrue();
    assertThat(Pixels.meanAbsoluteDifference(fast.image(), reference)).isLessThan(1.0);
    int pixel = fast.image().rgb(tw / 2, th / 2);
    assertThat(pixel >> 16 & 0xFF).isEqualTo(pixel & 0xFF).isEqualTo(pixel >> 8 & 0xFF);
  }

  @Test
  void reduction_shouldBeTheLargestThatKeepsTheTarget() {
    // GIVEN sources and targets WHEN the reduction is chosen THEN it keeps at least the target
    assertThat(JpegScaledDecoder.reduction(4000, 3000, 299, 299)).isEqualTo(8);
    assertThat(JpegScaledDecoder.reduction(1024, 768, 299, 299)).isEqualTo(2);
    assertThat(JpegScaledDecoder.reduction(2392, 2392, 299, 299)).isEqualTo(8);
    assertThat(JpegScaledDecoder.reduction(2391, 2392, 299, 299)).isEqualTo(4);
    assertThat(JpegScaledDecoder.reduction(598, 4000, 299, 299)).isEqualTo(2);
    assertThat(JpegScaledDecoder.reduction(597, 4000, 299, 299)).isEqualTo(1);
    assertThat(JpegScaledDecoder.reduction(100, 100, 299, 299)).isEqualTo(1);
  }

  @Test
  void progressiveAndCmykJpegs_shouldFallBackToImageIo() {
    // GIVEN a progressive JPEG and an Adobe CMYK JPEG, both large next to the target
    byte[] progressive = ImageFixtures.progressiveJpeg(ImageFixtures.photoLike(640, 480));
    byte[] cmyk = ImageFixtures.adobeCmykJpeg(64, 2);

    // WHEN each is decoded to a small target
    ImageDecoder.Decoded fromProgressive = decoder.decodeScaled(progressive, 80, 60);
    ImageDecoder.Decoded fromCmyk = decoder.decodeScaled(cmyk, 48, 8);

    // THEN ImageIO read them, subsampled
    assertThat(fromProgressive.readInDctDomain()).isFalse();
    assertThat(fromProgressive.dctReduction()).isZero();
    assertThat(fromProgressive.subsampling().isActive()).isTrue();
    assertThat(fromCmyk.readInDctDomain()).isFalse();
  }

  @Test
  void jpegsImageIoConvertsColoursOf_shouldFallBackToImageIo() {
    // GIVEN baseline JPEGs with an ICC profile (linear RGB), and with components named R, G, B
    byte[] jpeg = JpegEncodings.jpeg(ImageFixtures.photoLike(320, 240), 0.9f, 2, 2, 0);
    byte[] withProfile = withIccProfile(jpeg, ColorSpace.CS_LINEAR_RGB);
    BufferedImage grey = new BufferedImage(320, 240, BufferedImage.TYPE_BYTE_GRAY);
    grey.getGraphics().drawImage(ImageFixtures.photoLike(320, 240), 0, 0, null);
    byte[] greyWithProfile =
        withIccProfile(JpegEncodings.jpeg(grey, 0.9f, 1, 1, 0), ColorSpace.CS_GRAY);
    byte[] namedRgb = jpeg.clone();
    int sof = JpegEncodings.indexOfMarker(namedRgb, 0xC0);
    int sos = JpegEncodings.indexOfMarker(namedRgb, 0xDA);
    for (int i = 0; i < 3; i++) {
      namedRgb[sof + 10 + 3 * i] = (byte) "RGB".charAt(i);
      namedRgb[sos + 5 + 2 * i] = (byte) "RGB".charAt(i);
    }

    // WHEN each is decoded to a small target
    ImageDecoder.Decoded fromProfile = decoder.decodeScaled(withProfile, 40, 30);
    ImageDecoder.Decoded fromNamedRgb = decoder.decodeScaled(namedRgb, 40, 30);

    // THEN ImageIO read them, converting their colours as it always has; the plain file is fast
    assertThat(fromProfile.readInDctDomain()).isFalse();
    assertThat(decoder.decodeScaled(greyWithProfile, 40, 30).readInDctDomain()).isFalse();
    assertThat(fromNamedRgb.readInDctDomain()).isFalse();
    assertThat(decoder.decodeScaled(jpeg, 40, 30).readInDctDomain()).isTrue();
  }

  /** The JPEG with an APP2 segment holding the ICC profile of {@code colourSpace}. */
  private static byte[] withIccProfile(byte[] jpeg, int colourSpace) {
    byte[] profile = ICC_Profile.getInstance(colourSpace).getData();
    ByteBuffer app2 = ByteBuffer.allocate(4 + 14 + profile.length);
    app2.putShort((short) 0xFFE2).putShort((short) (2 + 14 + profile.length));
    app2.put("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1);
    app2.put(profile);
    byte[] out = new byte[jpeg.length + app2.capacity()];
    System.arraycopy(jpeg, 0, out, 0, 2);
    System.arraycopy(app2.array(), 0, out, 2, app2.capacity());
    System.arraycopy(jpeg, 2, out, 2 + app2.capacity(), jpeg.length - 2);
    return out;
  }

  @Test
  void unsupportedSamplingRatio_shouldFallBackToImageIo() {
    // GIVEN a JPEG whose luma is sampled three times as densely as chroma across
    byte[] jpeg = JpegEncodings.jpeg(ImageFixtures.photoLike(240, 160), 0.9f, 3, 1, 0);

    // WHEN it is decoded to a small target
    ImageDecoder.Decoded decoded = decoder.decodeScaled(jpeg, 30, 20);

    // THEN ImageIO read it, as before
    assertThat(decoded.readInDctDomain()).isFalse();
    assertThat(decoded.image().width()).isEqualTo(30);
  }

  @Test
  void truncatedBaselineJpeg_shouldBeCorruptAtEveryScale() {
    // GIVEN a baseline JPEG cut at several points inside its image data
    byte[] jpeg = JpegEncodings.jpeg(ImageFixtures.photoLike(320, 240), 0.9f, 2, 2, 0);
    for (double fraction : new double[] {0.3, 0.6, 0.95}) {
      byte[] cut = ImageFixtures.truncated(jpeg, fraction);

      // WHEN it is decoded at each reduction THEN it is refused as corrupt
      for (int target : new int[] {40, 80, 160, 320}) {
        assertThat(codeOf(cut, target, target * 3 / 4))
            .as("cut to %s, target %d", fraction, target)
            .isEqualTo(ErrorCode.CORRUPT_IMAGE);
      }
    }
  }

  @Test
  void scanOfInvalidCodes_shouldBeCorrupt() {
    // GIVEN a baseline JPEG whose image data is replaced by all-ones bits (no Huffman code)
    byte[] jpeg = JpegEncodings.jpeg(ImageFixtures.photoLike(64, 64), 0.9f, 2, 2, 0);
    int sos = JpegEncodings.indexOfMarker(jpeg, 0xDA);
    int dataStart = sos + 2 + ((jpeg[sos + 2] & 0xFF) << 8 | (jpeg[sos + 3] & 0xFF));
    for (int i = dataStart; i + 1 < jpeg.length - 2; i += 2) {
      jpeg[i] = (byte) 0xFF;
      jpeg[i + 1] = 0;
    }

    // WHEN it is decoded to a target THEN it is corrupt
    for (int target : new int[] {8, 16, 32, 64}) {
      assertThat(codeOf(jpeg, target, target)).isEqualTo(ErrorCode.CORRUPT_IMAGE);
    }
  }

  @Test
  void missingRestartMarker_shouldBeCorrupt() {
    // GIVEN a JPEG with a restart marker every MCU, and its second marker removed
    byte[] jpeg = JpegEncodings.jpeg(ImageFixtures.photoLike(128, 64), 0.9f, 2, 2, 1);
    int first = JpegEncodings.indexOfMarker(jpeg, 0xD0);
    int second = JpegEncodings.indexOfMarker(jpeg, 0xD1);
    assertThat(first).isPositive();
    assertThat(second).isGreaterThan(first);
    byte[] damaged = new byte[jpeg.length - 2];
    System.arraycopy(jpeg, 0, damaged, 0, second);
    System.arraycopy(jpeg, second + 2, damaged, second, jpeg.length - second - 2);

    // WHEN it is decoded to a small target THEN it is corrupt
    assertThat(codeOf(damaged, 16, 8)).isEqualTo(ErrorCode.CORRUPT_IMAGE);
  }

  @Test
  void jpegMissingOnlyItsEndMarker_shouldDecodeOnTheFastPath() {
    // GIVEN a complete baseline JPEG without its final EOI marker
    byte[] whole = JpegEncodings.jpeg(ImageFixtures.photoLike(160, 120), 0.9f, 2, 2, 0);
    byte[] withoutEoi = Arrays.copyOf(whole, whole.length - 2);

    // WHEN it is decoded to a target
    ImageDecoder.Decoded decoded = decoder.decodeScaled(withoutEoi, 20, 15);

    // THEN it is the complete image's
    assertThat(decoded.readInDctDomain()).isTrue();
    RgbImage complete = decoder.decode(whole, 20, 15);
    assertThat(Pixels.meanAbsoluteDifference(decoded.image(), complete)).isZero();
  }

  @Test
  void damagedHeaders_shouldFallBackAndBeCorrupt() {
    // GIVEN baseline JPEGs with a scan naming an unknown component, and with a sampling factor of 0
    byte[] jpeg = JpegEncodings.jpeg(ImageFixtures.photoLike(96, 64), 0.9f, 2, 2, 0);
    byte[] unknownComponent = jpeg.clone();
    int sos = JpegEncodings.indexOfMarker(unknownComponent, 0xDA);
    unknownComponent[sos + 5] = 9;
    byte[] zeroSampling = jpeg.clone();
    int sof = JpegEncodings.indexOfMarker(zeroSampling, 0xC0);
    zeroSampling[sof + 11] = 0x02;

    // WHEN each is decoded to a small target THEN each is refused as corrupt
    assertThat(JpegFrame.parse(unknownComponent)).isNull();
    assertThat(JpegFrame.parse(zeroSampling)).isNull();
    assertThat(codeOf(unknownComponent, 12, 8)).isEqualTo(ErrorCode.CORRUPT_IMAGE);
    assertThat(codeOf(zeroSampling, 12, 8)).isEqualTo(ErrorCode.CORRUPT_IMAGE);
  }

  @Test
  void jpegWithoutHuffmanTables_shouldFallBackToImageIoAndItsDefaultTables() {
    // GIVEN a baseline JPEG with its DHT segments removed (as Motion-JPEG frames are sent)
    byte[] jpeg = JpegEncodings.jpeg(ImageFixtures.photoLike(96, 64), 0.9f, 2, 2, 0);
    byte[] noTables = withoutSegments(jpeg, 0xC4);

    // WHEN it is decoded to a small target
    ImageDecoder.Decoded decoded = decoder.decodeScaled(noTables, 12, 8);

    // THEN ImageIO read it (with the standard tables), as before this decoder existed
    assertThat(JpegFrame.parse(noTables)).isNull();
    assertThat(decoded.readInDctDomain()).isFalse();
  }

  @Test
  void baselineJpegWithRepeatedScans_shouldBeLeftToImageIoAndItsScanLimit() {
    // GIVEN a baseline JPEG with its scan repeated twice, and 150 times (a CPU bomb for ImageIO)
    byte[] jpeg = JpegEncodings.jpeg(ImageFixtures.photoLike(64, 48), 0.9f, 2, 2, 0);
    byte[] twice = withScanRepeated(jpeg, 2);
    byte[] bomb = withScanRepeated(jpeg, 150);

    // WHEN each is decoded to a small target
    MenagerieException refusedTwice =
        catchThrowableOfType(() -> decoder.decodeScaled(twice, 8, 6), MenagerieException.class);
    MenagerieException refusedBomb =
        catchThrowableOfType(() -> decoder.decodeScaled(bomb, 8, 6), MenagerieException.class);

    // THEN the fast path declined both (it found a scan after the first) and ImageIO's checks
    // refused them: its reader allows one scan in a baseline file, ImageDecoder 100 in any
    assertThat(refusedTwice.code()).isEqualTo(ErrorCode.CORRUPT_IMAGE);
    assertThat(refusedTwice.getMessage()).contains("more than one scan");
    assertThat(refusedBomb.code()).isEqualTo(ErrorCode.CORRUPT_IMAGE);
    assertThat(refusedBomb.getMessage()).contains("150 scans");
  }

  /** The JPEG with its one scan (SOS to EOI) written {@code times} times. */
  private static byte[] withScanRepeated(byte[] jpeg, int times) {
    int sos = JpegEncodings.indexOfMarker(jpeg, 0xDA);
    int eoi = jpeg.length - 2;
    byte[] out = new byte[sos + times * (eoi - sos) + 2];
    System.arraycopy(jpeg, 0, out, 0, sos);
    for (int i = 0; i < times; i++) {
      System.arraycopy(jpeg, sos, out, sos + i * (eoi - sos), eoi - sos);
    }
    out[out.length - 2] = (byte) 0xFF;
    out[out.length - 1] = (byte) 0xD9;
    return out;
  }

  @Test
  void mutatedBaselineJpegs_shouldOnlyEverFailWithCorruptImage() {
    // GIVEN baseline JPEGs (4:2:0 with restarts, 4:4:4, grey) and a seeded random mutator
    BufferedImage grey = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
    grey.getGraphics().drawImage(ImageFixtures.photoLike(64, 48), 0, 0, null);
    byte[][] originals = {
      JpegEncodings.jpeg(ImageFixtures.photoLike(64, 48), 0.9f, 2, 2, 2),
      JpegEncodings.jpeg(ImageFixtures.photoLike(64, 48), 0.9f, 1, 1, 0),
      JpegEncodings.jpeg(grey, 0.9f, 1, 1, 3),
    };
    Random random = new Random(17);
    int decoded = 0;

    for (int round = 0; round < 1500; round++) {
      byte[] mutated = originals[round % originals.length].clone();
      // every other mutant is changed only in its headers (up to the scan's first bytes)
      int within =
          round % 2 == 0 ? mutated.length : JpegEncodings.indexOfMarker(mutated, 0xDA) + 16;
      int changes = 1 + random.nextInt(6);
      for (int c = 0; c < changes; c++) {
        mutated[random.nextInt(within)] = (byte) random.nextInt(256);
      }
      if (random.nextInt(4) == 0) {
        mutated = Arrays.copyOf(mutated, 1 + random.nextInt(mutated.length));
      }
      JpegFrame frame = acceptedFrame(mutated);
      if (frame == null) {
        continue;
      }

      // WHEN a mutant the decoder takes is decoded at each scale, bypassing ImageDecoder's net
      for (int reduction = 1; reduction <= 8; reduction <<= 1) {
        try {
          JpegScaledDecoder.decode(mutated, frame, reduction);
          decoded++;
        } catch (MenagerieException e) {
          // THEN it decodes or is corrupt; an index error or any other exception fails the test
          assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.CORRUPT_IMAGE);
        }
      }
    }
    assertThat(decoded).as("mutants decoded").isGreaterThan(400);
  }

  /**
   * The frame of a JPEG that the decoder takes and that passes the header checks, or null. Parsing
   * comes first, on every mutant: it must never throw.
   */
  private JpegFrame acceptedFrame(byte[] jpeg) {
    JpegFrame frame = JpegFrame.parse(jpeg);
    try {
      ImageInfo info = decoder.probe(jpeg);
      return frame != null && frame.width == info.width() && frame.height == info.height()
          ? frame
          : null;
    } catch (MenagerieException e) {
      return null;
    }
  }

  private ErrorCode codeOf(byte[] jpeg, int width, int height) {
    MenagerieException e =
        catchThrowableOfType(
            () -> decoder.decodeScaled(jpeg, width, height), MenagerieException.class);
    assertThat(e).as("expected a MenagerieException").isNotNull();
    return e.code();
  }

  /** The JPEG without every segment of {@code marker} before its scan. */
  private static byte[] withoutSegments(byte[] jpeg, int marker) {
    byte[] out = jpeg.clone();
    int length = 2;
    int pos = 2;
    while (pos + 4 <= jpeg.length) {
      int m = jpeg[pos + 1] & 0xFF;
      int size = 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
      if (m == 0xDA) {
        System.arraycopy(jpeg, pos, out, length, jpeg.length - pos);
        return Arrays.copyOf(out, length + jpeg.length - pos);
      }
      if (m != marker) {
        System.arraycopy(jpeg, pos, out, length, size);
        length += size;
      }
      pos += size;
    }
    throw new IllegalArgumentException("no scan");
  }

  private static int maxDifference(RgbImage a, RgbImage b) {
    byte[] x = a.interleaved();
    byte[] y = b.interleaved();
    int max = 0;
    for (int i = 0; i < x.length; i++) {
      int d = Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
      if (d > max) {
        max = d;
        System.out.println(
            "DIAG max "
                + d
                + " at px "
                + (i / 3 % a.width())
                + ","
                + (i / 3 / a.width())
                + " of "
                + a);
      }
    }
    return max;
  }
}
