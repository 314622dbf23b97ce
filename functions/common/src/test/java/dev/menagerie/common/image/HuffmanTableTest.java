package dev.menagerie.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import org.junit.jupiter.api.Test;

/** Huffman tables from DHT counts, checked as libjpeg checks them, and decoded bit by bit. */
class HuffmanTableTest {
  @Test
  void countsThatAreNoPrefixCode_shouldBeRefused() {
    // GIVEN three one-bit codes (over-subscribed), two one-bit codes (the second is all ones),
    // and 257 eight-bit codes (more than fit, which once overran the lookup table)
    int[] three = counts(1, 3);
    int[] two = counts(1, 2);
    int[] many = counts(8, 257);

    // WHEN tables are built THEN each is refused
    assertThat(HuffmanTable.build(three, new int[3], true)).isNull();
    assertThat(HuffmanTable.build(two, new int[2], true)).isNull();
    assertThat(HuffmanTable.build(counts(1, 1), new int[2], true)).as("symbols left over").isNull();
    assertThat(HuffmanTable.build(many, new int[257], true)).isNull();
  }

  @Test
  void canonicalCodes_shouldDecodeToTheirSymbols() {
    // GIVEN codes 0 (A), 10 (B), 110 (C), and a 12-bit code 111000000000 (D), longer than the
    // lookahead; the bits of B, D, A, C, then an invalid run of ones
    int[] counts = counts(1, 1);
    counts[1] = 1;
    counts[2] = 1;
    counts[11] = 1;
    HuffmanTable table = HuffmanTable.build(counts, new int[] {0x0A, 0x0B, 0x0C, 0x0D}, false);
    assertThat(table).isNotNull();
    // 10 111000000000 0 110 1111111111111111 -> bytes, with 0xFF stuffed by a zero
    byte[] data = bytes("10111000000000011011111111111111111");
    JpegBitReader reader = new JpegBitReader(data, 0);

    // WHEN the symbols are decoded THEN they come out in order, and the run of ones is corrupt
    reader.fill();
    assertThat(reader.decode(table)).isEqualTo(0x0B);
    assertThat(reader.decode(table)).isEqualTo(0x0D);
    assertThat(reader.decode(table)).isEqualTo(0x0A);
    assertThat(reader.decode(table)).isEqualTo(0x0C);
    reader.fill();
    MenagerieException e =
        catchThrowableOfType(() -> reader.decode(table), MenagerieException.class);
    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_IMAGE);
  }

  private static int[] counts(int length, int count) {
    int[] counts = new int[16];
    counts[length - 1] = count;
    return counts;
  }

  /** The bits packed into bytes (padded with ones), 0xFF followed by a stuffed 0x00. */
  private static byte[] bytes(String bits) {
    StringBuilder padded = new StringBuilder(bits);
    while (padded.length() % 8 != 0) {
      padded.append('1');
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < padded.length(); i += 8) {
      int b = Integer.parseInt(padded.substring(i, i + 8), 2);
      out.write(b);
      if (b == 0xFF) {
        out.write(0);
      }
    }
    return out.toByteArray();
  }
}
