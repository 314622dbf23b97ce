package dev.menagerie.common.image;

import static dev.menagerie.common.image.ImageFixtures.BLUE;
import static dev.menagerie.common.image.ImageFixtures.GREEN;
import static dev.menagerie.common.image.ImageFixtures.RED;
import static dev.menagerie.common.image.ImageFixtures.YELLOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reading the orientation tag from TIFF structures, well-formed or not. */
class ExifOrientationTest {

  @Test
  void wellFormedTiff_shouldGiveItsOrientationInBothByteOrders() {
    for (int orientation = 1; orientation <= 8; orientation++) {
      for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
        byte[] tiff = ImageFixtures.tiffWithOrientation(orientation, order);

        assertThat(ExifOrientation.read(tiff, 0, tiff.length)).isEqualTo(orientation);
      }
    }
  }

  @Test
  void orientationAfterOtherTags_shouldBeFound() {
    // GIVEN an IFD0 with ImageWidth, ImageLength, Make (pointing elsewhere), then Orientation
    ByteBuffer tiff = ByteBuffer.allocate(80).order(ByteOrder.LITTLE_ENDIAN);
    tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 4);
    tiff.putShort((short) 0x0100).putShort((short) 4).putInt(1).putInt(4000);
    tiff.putShort((short) 0x0101).putShort((short) 4).putInt(1).putInt(3000);
    tiff.putShort((short) 0x010F).putShort((short) 2).putInt(6).putInt(62);
    tiff.putShort((short) 0x0112)
        .putShort((short) 3)
        .putInt(1)
        .putShort((short) 8)
        .putShort((short) 0);
    tiff.putInt(0).put("Canon\0".getBytes(StandardCharsets.US_ASCII));

    assertThat(ExifOrientation.read(tiff.array(), 0, tiff.capacity())).isEqualTo(8);
  }

  @Test
  void malformedTiff_shouldMeanUpright() {
    // GIVEN TIFF structures damaged in the ways seen in the wild
    byte[] good = ImageFixtures.tiffWithOrientation(6, ByteOrder.BIG_ENDIAN);
    List<byte[]> damaged =
        List.of(
            new byte[0],
            Arrays.copyOf(good, 4), // cut inside the header
            Arrays.copyOf(good, 12), // cut inside the entry
            patch(good, 0, 'X', 'X'), // unknown byte order
            patch(good, 2, 0, 43), // wrong magic
            patch(good, 4, 0x7F, 0xFF, 0xFF, 0xFF), // IFD offset far past the end
            patch(good, 4, 0xFF, 0xFF, 0xFF, 0xFF), // IFD offset that overflows an int
            patch(good, 4, 0, 0, 0, 2), // IFD offset inside the header
            patch(patch(good, 10, 0x01, 0x00), 8, 0xFF, 0xFF), // 65535 entries, none present
            patch(good, 12, 0, 2), // orientation stored as ASCII
            patch(good, 18, 0, 0), // orientation 0
            patch(good, 18, 0, 9), // orientation 9
            patch(good, 18, 0xFF, 0xFF)); // orientation 65535

    // WHEN each is read THEN none throws and each means upright
    for (byte[] tiff : damaged) {
      assertThat(ExifOrientation.read(tiff, 0, tiff.length)).isEqualTo(1);
    }
  }

  @Test
  void overstatedEntryCount_shouldStillFindAnOrientationThatIsPresent() {
    // GIVEN an IFD0 claiming 65535 entries but holding only the orientation
    byte[] tiff = patch(ImageFixtures.tiffWithOrientation(6, ByteOrder.BIG_ENDIAN), 8, 0xFF, 0xFF);

    // WHEN it is read THEN the entry that is there counts
    assertThat(ExifOrientation.read(tiff, 0, tiff.length)).isEqualTo(6);
  }

  @Test
  void randomlyMutatedTiff_shouldNeverThrow() {
    // GIVEN a seeded mutator over a well-formed structure
    byte[] good = ImageFixtures.tiffWithOrientation(3, ByteOrder.LITTLE_ENDIAN);
    Random random = new Random(11);

    for (int round = 0; round < 20_000; round++) {
      byte[] tiff = good.clone();
      for (int c = 0; c < 1 + random.nextInt(4); c++) {
        tiff[random.nextInt(tiff.length)] = (byte) random.nextInt(256);
      }
      int end = random.nextInt(tiff.length + 1);

      // WHEN it is read THEN it gives an orientation, never an exception
      assertThat(ExifOrientation.read(tiff, 0, end)).isBetween(1, 8);
    }
  }

  @Test
  void jpegWithMalformedExif_shouldDecodeAsStored() {
    // GIVEN a JPEG whose Exif segment holds garbage offsets
    byte[] tiff =
        patch(ImageFixtures.tiffWithOrientation(6, ByteOrder.BIG_ENDIAN), 4, 0x7F, 0, 0, 0);
    byte[] jpeg =
        ImageFixtures.withExif(
            ImageFixtures.jpeg(ImageFixtures.quadrants(64, 48, RED, GREEN, BLUE, YELLOW)), tiff);

    // WHEN it is decoded
    RgbImage image = new ImageDecoder(ImageLimits.DEFAULT).decode(jpeg);

    // THEN the orientation is ignored and the picture is as stored
    assertThat(image.width()).isEqualTo(64);
    Pixels.assertQuadrants(image, RED, GREEN, BLUE, YELLOW, 4, 12);
  }

  @Test
  void jpegWithEmptyExif_shouldDecodeAsStored() {
    byte[] jpeg =
        ImageFixtures.withExif(
            ImageFixtures.jpeg(ImageFixtures.quadrants(64, 48, RED, GREEN, BLUE, YELLOW)),
            new byte[0]);

    ImageInfo info = new ImageDecoder(ImageLimits.DEFAULT).probe(jpeg);

    assertThat(info.orientation()).isEqualTo(1);
  }

  private static byte[] patch(byte[] data, int at, int... bytes) {
    byte[] out = data.clone();
    for (int i = 0; i < bytes.length; i++) {
      out[at + i] = (byte) bytes[i];
    }
    return out;
  }
}
