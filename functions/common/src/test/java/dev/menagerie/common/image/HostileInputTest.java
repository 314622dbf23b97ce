package dev.menagerie.common.image;

import static dev.menagerie.common.image.ImageFixtures.BLUE;
import static dev.menagerie.common.image.ImageFixtures.GREEN;
import static dev.menagerie.common.image.ImageFixtures.RED;
import static dev.menagerie.common.image.ImageFixtures.YELLOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bytes that are empty, too big, not images, damaged, or built to exhaust memory or CPU. */
class HostileInputTest {
  private static final long FEW_MEGABYTES = 4L * 1024 * 1024;

  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  @Test
  void emptyBody_shouldBeEmptyBody() {
    assertRejected(new byte[0], ErrorCode.EMPTY_BODY);
  }

  @Test
  void moreBytesThanAllowed_shouldBePayloadTooLarge() {
    // GIVEN a limit of 1000 bytes and a valid image of more
    ImageDecoder strict = new ImageDecoder(new ImageLimits(1000, 40_000_000));
    byte[] png = ImageFixtures.png(ImageFixtures.photoLike(64, 64));
    assertThat(png.length).isGreaterThan(1000);

    // WHEN it is decoded THEN it is refused for its size
    assertThat(codeOf(() -> strict.decode(png))).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
  }

  @Test
  void randomBytes_shouldBeNotAnImage() {
    // GIVEN random bytes (seeded: the first bytes match no magic)
    byte[] noise = new byte[4096];
    new Random(42).nextBytes(noise);

    assertRejected(noise, ErrorCode.NOT_AN_IMAGE);
  }

  @Test
  void htmlSvgAndText_shouldBeNotAnImage() {
    assertRejected(ascii("<!DOCTYPE html><html><body>hello</body></html>"), ErrorCode.NOT_AN_IMAGE);
    assertRejected(
        ascii(
            "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\""
                + " height=\"10\"><rect width=\"10\" height=\"10\"/></svg>"),
        ErrorCode.NOT_AN_IMAGE);
    assertRejected(ascii("  <svg viewBox=\"0 0 1 1\"></svg>"), ErrorCode.NOT_AN_IMAGE);
    assertRejected(ascii("BMW and other cars, a plain text file"), ErrorCode.NOT_AN_IMAGE);
    assertRejected(ascii("{\"image\": \"not base64 decoded\"}"), ErrorCode.NOT_AN_IMAGE);
  }

  @Test
  void htmlBody_shouldSaySoInTheMessage() {
    MenagerieException e =
        catchThrowableOfType(
            MenagerieException.class, () -> decoder.decode(ascii("<html><body></body></html>")));

    assertThat(e.getMessage()).contains("HTML").contains("expected JPEG, PNG, GIF or BMP");
  }

  @Test
  void webpTiffAndHeif_shouldBeUnsupportedMediaType() {
    // GIVEN the opening bytes of a WEBP, a TIFF (both byte orders) and a HEIC
    byte[] webp = ascii("RIFF\u0024\0\0\0WEBPVP8 \u0018\0\0\0\u0030\u0001\0\u009d\u0001\u002a");
    byte[] tiffLittle = {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0};
    byte[] tiffBig = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0};
    byte[] heic = ascii("\0\0\0\u0018ftypheic\0\0\0\0mif1heic");

    // WHEN each is decoded THEN each is a recognised but unsupported format
    assertRejected(webp, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    assertRejected(tiffLittle, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    assertRejected(tiffBig, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    assertRejected(heic, ErrorCode.UNSUPPORTED_MEDIA_TYPE);
  }

  @Test
  void truncatedJpeg_shouldBeCorrupt() {
    // GIVEN baseline, progressive and CMYK JPEGs cut short, and one cut inside its headers
    byte[] baseline = ImageFixtures.jpeg(ImageFixtures.photoLike(200, 150));
    byte[] progressive = ImageFixtures.progressiveJpeg(ImageFixtures.photoLike(200, 150));
    byte[] cmyk = ImageFixtures.adobeCmykJpeg(64, 2);

    // WHEN each is decoded THEN each is corrupt
    assertRejected(ImageFixtures.truncated(baseline, 0.5), ErrorCode.CORRUPT_IMAGE);
    assertRejected(ImageFixtures.truncated(progressive, 0.5), ErrorCode.CORRUPT_IMAGE);
    assertRejected(ImageFixtures.truncated(progressive, 0.9), ErrorCode.CORRUPT_IMAGE);
    assertRejected(ImageFixtures.truncated(cmyk, 0.7), ErrorCode.CORRUPT_IMAGE);
    assertRejected(Arrays.copyOf(baseline, 100), ErrorCode.CORRUPT_IMAGE);
    assertRejected(Arrays.copyOf(baseline, 3), ErrorCode.CORRUPT_IMAGE);
  }

  @Test
  void truncatedPng_shouldBeCorrupt() {
    // GIVEN a PNG cut in half, one cut inside IHDR, and one without its image data
    byte[] png = ImageFixtures.png(ImageFixtures.photoLike(200, 150));

    // WHEN each is decoded THEN each is corrupt
    assertRejected(ImageFixtures.truncated(png, 0.5), ErrorCode.CORRUPT_IMAGE);
    assertRejected(Arrays.copyOf(png, 20), ErrorCode.CORRUPT_IMAGE);
    assertRejected(ImageFixtures.pngHeaderOnly(10, 10), ErrorCode.CORRUPT_IMAGE);
  }

  @Test
  void pngWithGarbledImageData_shouldBeCorrupt() {
    // GIVEN a PNG whose compressed image data is overwritten with noise
    byte[] png = ImageFixtures.png(ImageFixtures.photoLike(100, 100));
    byte[] noise = new byte[png.length / 2];
    new Random(7).nextBytes(noise);
    System.arraycopy(noise, 0, png, png.length / 4, noise.length);

    assertRejected(png, ErrorCode.CORRUPT_IMAGE);
  }

  @Test
  void pngDeclaringTenGigapixels_shouldBeRefusedWithoutAllocating() {
    // GIVEN a 57-byte PNG whose header declares 100000 x 100000
    byte[] bomb = ImageFixtures.pngHeaderOnly(100_000, 100_000);

    // WHEN it is decoded THEN it is refused from the header, quickly and without a pixel buffer
    assertRefusedCheaply(bomb);
  }

  @Test
  void jpegDeclaringFourGigapixels_shouldBeRefusedWithoutAllocating() {
    // GIVEN a small JPEG whose frame header is rewritten to declare 65000 x 65000
    byte[] bomb =
        ImageFixtures.withDeclaredSize(
            ImageFixtures.jpeg(ImageFixtures.photoLike(32, 32)), 65_000, 65_000);

    // WHEN it is decoded THEN it is refused from the header, quickly and without a pixel buffer
    assertRefusedCheaply(bomb);
  }

  @Test
  void progressiveJpegDeclaringFourGigapixels_shouldBeRefusedWithoutAllocating() {
    byte[] bomb =
        ImageFixtures.withDeclaredSize(
            ImageFixtures.progressiveJpeg(ImageFixtures.photoLike(32, 32)), 65_000, 65_000);

    assertRefusedCheaply(bomb);
  }

  @Test
  void gifWithAHugeFirstFrame_shouldBeRefusedWithoutAllocating() {
    // GIVEN a GIF with a 1x1 screen but a 65535 x 65535 first frame
    ByteBuffer gif = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    gif.put(ascii("GIF89a")).putShort((short) 1).putShort((short) 1).put(new byte[3]);
    gif.put((byte) 0x2C).putShort((short) 0).putShort((short) 0);
    gif.putShort((short) 0xFFFF).putShort((short) 0xFFFF).put((byte) 0);
    gif.put(new byte[] {2, 2, 0x4C, 0x01, 0, 0x3B});

    assertRefusedCheaply(Arrays.copyOf(gif.array(), gif.position()));
  }

  @Test
  void bmpDeclaringTooManyPixels_shouldBeRefusedWithoutAllocating() {
    // GIVEN a BMP header declaring 1 x 2^31-1 (bottom-up) with no pixel data
    ByteBuffer bmp = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
    bmp.put(ascii("BM")).putInt(54).putInt(0).putInt(54);
    bmp.putInt(40).putInt(1).putInt(Integer.MAX_VALUE).putShort((short) 1).putShort((short) 24);

    assertRefusedCheaply(bmp.array());
  }

  @Test
  void pngDeclaringMorePixelsThanItsBytesCanHold_shouldBeCorruptWithoutAllocating() {
    // GIVEN a 57-byte PNG declaring 6000 x 6000: within the pixel limit, impossible in 57 bytes
    byte[] png = ImageFixtures.pngHeaderOnly(6000, 6000);

    // WHEN it is decoded THEN it is refused before the decoder allocates 108 MB for it
    assertRefusedCheaply(png, ErrorCode.CORRUPT_IMAGE);
  }

  @Test
  void jpegDeclaringMorePixelsThanItsBytesCanHold_shouldBeCorruptWithoutAllocating() {
    // GIVEN a small progressive JPEG whose frame header is rewritten to declare 6000 x 6000
    byte[] jpeg =
        ImageFixtures.withDeclaredSize(
            ImageFixtures.progressiveJpeg(ImageFixtures.photoLike(32, 32)), 6000, 6000);

    // WHEN it is decoded THEN it is refused before the decoder allocates 108 MB for it
    assertRefusedCheaply(jpeg, ErrorCode.CORRUPT_IMAGE);
  }

  @Test
  void maximallyCompressedImages_shouldPassTheSizePlausibilityCheck() {
    // GIVEN the smallest honest files: a black 4000 x 4000 grey PNG and a flat grey progressive
    // JPEG with optimised Huffman tables
    BufferedImage black = new BufferedImage(4000, 4000, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage flat = new BufferedImage(2048, 2048, BufferedImage.TYPE_BYTE_GRAY);
    flat.getRaster().setSamples(0, 0, 2048, 2048, 0, new int[2048 * 2048]);
    byte[] png = ImageFixtures.png(black);
    byte[] jpeg = ImageFixtures.progressiveJpeg(flat);

    // WHEN they are decoded THEN they decode
    assertThat(decoder.decode(png, 10, 10).rgb(5, 5)).isEqualTo(0);
    assertThat(decoder.decode(jpeg, 10, 10).rgb(5, 5)).isEqualTo(0);
  }

  @Test
  void imageAboveAConfiguredPixelLimit_shouldBeTooManyPixelsAndProbeShouldSaySo() {
    // GIVEN a limit of 10000 pixels
    ImageDecoder strict = new ImageDecoder(new ImageLimits(1_000_000, 10_000));
    byte[] small = ImageFixtures.png(ImageFixtures.photoLike(100, 100));
    byte[] large = ImageFixtures.png(ImageFixtures.photoLike(101, 100));

    // WHEN each is probed and decoded THEN only the one above the limit is refused
    assertThat(strict.decode(small).width()).isEqualTo(100);
    assertThat(codeOf(() -> strict.probe(large))).isEqualTo(ErrorCode.TOO_MANY_PIXELS);
    assertThat(codeOf(() -> strict.decode(large, 10, 10))).isEqualTo(ErrorCode.TOO_MANY_PIXELS);
  }

  @Test
  void jpegWithThousandsOfScans_shouldBeRefusedBeforeDecoding() {
    // GIVEN a progressive JPEG with its last scan repeated 200 times (a CPU bomb)
    byte[] jpeg = ImageFixtures.progressiveJpeg(ImageFixtures.photoLike(32, 32));
    int lastScan = lastIndexOf(jpeg, (byte) 0xFF, (byte) 0xDA);
    byte[] scan = Arrays.copyOfRange(jpeg, lastScan, jpeg.length - 2);
    ByteBuffer bomb = ByteBuffer.allocate(jpeg.length + 200 * scan.length);
    bomb.put(jpeg, 0, jpeg.length - 2);
    for (int i = 0; i < 200; i++) {
      bomb.put(scan);
    }
    bomb.put((byte) 0xFF).put((byte) 0xD9);

    // WHEN it is decoded THEN it is refused
    assertRejected(bomb.array(), ErrorCode.CORRUPT_IMAGE);
  }

  @Test
  void mutatedImages_shouldOnlyEverFailWithMenagerieException() {
    // GIVEN valid JPEG (baseline, progressive), PNG and GIF files, and a seeded random mutator
    byte[][] originals = {
      ImageFixtures.jpeg(ImageFixtures.quadrants(24, 16, RED, GREEN, BLUE, YELLOW)),
      ImageFixtures.progressiveJpeg(ImageFixtures.quadrants(24, 16, RED, GREEN, BLUE, YELLOW)),
      ImageFixtures.png(ImageFixtures.quadrants(24, 16, RED, GREEN, BLUE, YELLOW)),
      ImageFixtures.encode(ImageFixtures.quadrants(24, 16, RED, GREEN, BLUE, YELLOW), "gif"),
    };
    Random random = new Random(2024);

    for (int round = 0; round < 1200; round++) {
      byte[] mutated = originals[round % originals.length].clone();
      int changes = 1 + random.nextInt(8);
      for (int c = 0; c < changes; c++) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      if (random.nextInt(4) == 0) {
        mutated = Arrays.copyOf(mutated, 1 + random.nextInt(mutated.length));
      }

      // WHEN each mutant is decoded
      try {
        RgbImage image = decoder.decode(mutated, 8, 8);

        // THEN it either decodes to the target...
        assertThat(image.width()).isEqualTo(8);
      } catch (MenagerieException e) {
        // ...or fails with a client error code (anything else escapes and fails the test)
        assertThat(e.code().isClientError()).as(e.getMessage()).isTrue();
      }
    }
  }

  private void assertRefusedCheaply(byte[] bomb) {
    assertRefusedCheaply(bomb, ErrorCode.TOO_MANY_PIXELS);
  }

  private void assertRefusedCheaply(byte[] bomb, ErrorCode expected) {
    codeOf(() -> decoder.decode(bomb)); // warm up: class loading is not the bomb's doing
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    ErrorCode probed = codeOf(() -> decoder.probe(bomb));
    ErrorCode decoded = codeOf(() -> decoder.decode(bomb));
    ErrorCode scaled = codeOf(() -> decoder.decode(bomb, 299, 299));

    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    assertThat(probed).isEqualTo(expected);
    assertThat(decoded).isEqualTo(expected);
    assertThat(scaled).isEqualTo(expected);
    assertThat(allocated).as("bytes allocated refusing the bomb").isLessThan(FEW_MEGABYTES);
  }

  private void assertRejected(byte[] data, ErrorCode expected) {
    assertThat(codeOf(() -> decoder.decode(data))).isEqualTo(expected);
    assertThat(codeOf(() -> decoder.decode(data, 32, 32))).isEqualTo(expected);
  }

  private static ErrorCode codeOf(Runnable decoding) {
    MenagerieException e = catchThrowableOfType(MenagerieException.class, decoding::run);
    assertThat(e).as("expected a MenagerieException").isNotNull();
    return e.code();
  }

  private static int lastIndexOf(byte[] data, byte first, byte second) {
    for (int i = data.length - 2; i >= 0; i--) {
      if (data[i] == first && data[i + 1] == second) {
        return i;
      }
    }
    throw new IllegalArgumentException("marker not found");
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
