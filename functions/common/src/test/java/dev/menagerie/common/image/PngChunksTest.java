package dev.menagerie.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** PNG chunk CRCs and the zlib checksum, checked as libpng checks them by default. */
class PngChunksTest {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

  @Test
  void validPngs_shouldPassUnchanged() {
    // GIVEN valid RGB, interlaced, palette, 16-bit grey and alpha PNGs
    byte[][] valid = {
      ImageFixtures.png(ImageFixtures.photoLike(64, 48)),
      ImageFixtures.interlacedPng(ImageFixtures.photoLike(37, 23)),
      palettePng(),
      ImageFixtures.png(new BufferedImage(9, 7, BufferedImage.TYPE_USHORT_GRAY)),
      ImageFixtures.png(new BufferedImage(9, 7, BufferedImage.TYPE_INT_ARGB)),
    };

    // WHEN each is verified THEN each is returned as it is, and decodes
    for (byte[] png : valid) {
      assertThat(PngChunks.verified(png)).isSameAs(png);
      assertThat(decoder.decode(png, 8, 8).width()).isEqualTo(8);
    }
  }

  @Test
  void bitFlipInEachCriticalChunk_shouldBeCorruptImageNamingTheChunk() {
    // GIVEN a palette PNG, so that it has all four critical chunks
    byte[] png = palettePng();

    for (String type : new String[] {"IHDR", "PLTE", "IDAT", "IEND"}) {
      // WHEN one bit of the chunk's data (IEND has none: of its CRC) is flipped
      int at = chunkAt(png, type);
      byte[] flipped = png.clone();
      flipped[type.equals("IEND") ? at + 8 : at + 8 + 2] ^= 0x10;

      // THEN decoding refuses it as corrupt, naming the chunk
      MenagerieException e = refusal(() -> decoder.decode(flipped, 8, 8));
      assertThat(e.code()).as(type).isEqualTo(ErrorCode.CORRUPT_IMAGE);
      assertThat(e.getMessage()).contains(type).contains("CRC");
    }
  }

  @Test
  void bitFlipInIhdr_shouldBeCorruptAlreadyWhenProbed() {
    // GIVEN a PNG whose IHDR width has a high bit flipped (it would declare 2^30 + 64 pixels wide)
    byte[] png = ImageFixtures.png(ImageFixtures.photoLike(64, 48));
    png[16] ^= 0x40;

    // WHEN it is probed THEN it is corrupt, not too large: the header is not believed
    assertThat(refusal(() -> decoder.probe(png)).code()).isEqualTo(ErrorCode.CORRUPT_IMAGE);
  }

  @Test
  void wrongAdler32WithRightCrcs_shouldBeCorruptImage() {
    // GIVEN a PNG whose zlib checksum is wrong but whose IDAT CRC was recomputed to match
    byte[] rows = new byte[4 * (1 + 4)];
    Arrays.fill(rows, (byte) 7);
    for (int y = 0; y < 4; y++) {
      rows[y * 5] = 0; // filter type: none
    }
    byte[] zlib = deflate(rows);
    zlib[zlib.length - 1] ^= 0x01;
    byte[] png = greyPng(4, 4, zlib);

    // WHEN it is decoded THEN the checksum is caught
    MenagerieException e = refusal(() -> decoder.decode(png));
    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_IMAGE);
    assertThat(e.getMessage()).contains("incorrect data check");
  }

  @Test
  void imageDataLongerOrShorterThanItsRows_shouldBeCorruptImage() {
    // GIVEN 4x4 grey PNGs whose zlib streams hold 5 bytes more, and 5 bytes fewer, than 4 rows
    byte[] tooMuch = greyPng(4, 4, deflate(new byte[4 * 5 + 5]));
    byte[] tooLittle = greyPng(4, 4, deflate(new byte[4 * 5 - 5]));

    // WHEN each is decoded THEN each is corrupt
    assertThat(refusal(() -> decoder.decode(tooMuch)).getMessage()).contains("more than");
    assertThat(refusal(() -> decoder.decode(tooLittle)).getMessage()).contains("rows need");
  }

  @Test
  void imageDataSplitOverManyChunks_shouldDecode() {
    // GIVEN a 4x4 grey PNG whose zlib stream is cut into one IDAT chunk per byte
    byte[] rows = new byte[4 * 5];
    byte[] zlib = deflate(rows);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(SIGNATURE);
    png.writeBytes(ImageFixtures.pngChunk("IHDR", ihdr(4, 4)));
    for (byte b : zlib) {
      png.writeBytes(ImageFixtures.pngChunk("IDAT", new byte[] {b}));
    }
    png.writeBytes(ImageFixtures.pngChunk("IEND", new byte[0]));

    // WHEN it is decoded THEN it is the black image it holds
    assertThat(decoder.decode(png.toByteArray()).rgb(3, 3)).isEqualTo(0);
  }

  @Test
  void ancillaryChunkWithBadCrc_shouldBeSkipped() {
    // GIVEN a PNG with a tEXt chunk whose CRC is wrong
    byte[] png = ImageFixtures.png(ImageFixtures.photoLike(64, 48));
    byte[] damaged =
        ImageFixtures.pngWithChunk(png, "tEXt", "Comment\0hi".getBytes(StandardCharsets.UTF_8));
    damaged[chunkAt(damaged, "tEXt") + 8 + 3] ^= 0x01;

    // WHEN it is verified and decoded THEN the chunk is dropped and the image is the same
    assertThat(PngChunks.verified(damaged)).isEqualTo(png);
    assertThat(decoder.decode(damaged).rgb(10, 10)).isEqualTo(decoder.decode(png).rgb(10, 10));
  }

  @Test
  void exifChunkWithBadCrc_shouldBeIgnored() {
    // GIVEN a PNG with an eXIf chunk saying "rotate 90" whose CRC is wrong
    byte[] png = ImageFixtures.png(ImageFixtures.photoLike(64, 48));
    byte[] turned = ImageFixtures.pngWithExifOrientation(png, 6);
    byte[] damaged = turned.clone();
    damaged[chunkAt(damaged, "eXIf") + 8 + 9] ^= 0x01;

    // WHEN each is probed THEN only the intact chunk's orientation counts
    assertThat(decoder.probe(turned).orientation()).isEqualTo(6);
    assertThat(decoder.probe(damaged).orientation()).isEqualTo(ExifOrientation.UPRIGHT);
    assertThat(decoder.decode(damaged).width()).isEqualTo(64);
  }

  @Test
  void chunkWithAnInvalidType_shouldBeCorruptImage() {
    // GIVEN a PNG whose IDAT type is overwritten with digits
    byte[] png = ImageFixtures.png(ImageFixtures.photoLike(16, 16));
    int at = chunkAt(png, "IDAT");
    png[at + 4] = '1';

    assertThat(refusal(() -> decoder.decode(png)).getMessage()).contains("invalid type");
  }

  private static byte[] palettePng() {
    byte[] r = {(byte) 230, 0, 0, (byte) 255};
    byte[] g = {30, (byte) 200, 0, (byte) 255};
    byte[] b = {20, 0, (byte) 200, (byte) 255};
    BufferedImage image =
        new BufferedImage(
            24, 16, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(2, 4, r, g, b));
    for (int x = 0; x < 12; x++) {
      image.getRaster().setSample(x, 3, 0, 3);
    }
    byte[] png = ImageFixtures.png(image);
    assertThat(chunkAt(png, "PLTE")).isPositive();
    return png;
  }

  private static byte[] greyPng(int width, int height, byte[] zlib) {
    return ByteBuffer.allocate(8 + 25 + 12 + zlib.length + 12)
        .put(SIGNATURE)
        .put(ImageFixtures.pngChunk("IHDR", ihdr(width, height)))
        .put(ImageFixtures.pngChunk("IDAT", zlib))
        .put(ImageFixtures.pngChunk("IEND", new byte[0]))
        .array();
  }

  private static byte[] ihdr(int width, int height) {
    return ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).array();
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater();
    deflater.setInput(data);
    deflater.finish();
    byte[] out = new byte[data.length + 64];
    int n = deflater.deflate(out);
    deflater.end();
    return Arrays.copyOf(out, n);
  }

  /** The offset of the first chunk of {@code type} (its length field). */
  private static int chunkAt(byte[] png, String type) {
    int pos = 8;
    while (pos + 8 <= png.length) {
      String at = new String(png, pos + 4, 4, StandardCharsets.US_ASCII);
      if (at.equals(type)) {
        return pos;
      }
      pos += 12 + ByteBuffer.wrap(png, pos, 4).getInt();
    }
    throw new IllegalArgumentException("no " + type + " chunk");
  }

  private static MenagerieException refusal(Runnable decoding) {
    MenagerieException e = catchThrowableOfType(MenagerieException.class, decoding::run);
    assertThat(e).as("expected a MenagerieException").isNotNull();
    return e;
  }
}
