package dev.menagerie.common.image;

/**
 * One Huffman table of a JPEG DHT segment (ITU T.81 C.2 and F.2.2.3), laid out for decoding: codes
 * of up to {@link #LOOKAHEAD} bits are found with one array lookup on the next bits of the stream;
 * longer ones (rare: the encoder gives them to rare symbols) by comparing against the largest code
 * of each length.
 */
final class HuffmanTable {
  /** Bits looked at at once: covers nearly every code of a typical table. */
  static final int LOOKAHEAD = 9;

  /** A skip entry's k advance for end-of-block, large enough to end any block at once. */
  static final int END_OF_BLOCK = 128;

  /**
   * For each LOOKAHEAD-bit prefix: code length {@code << 8 |} symbol, or 0 if the code is longer.
   */
  final int[] lookup = new int[1 << LOOKAHEAD];

  /**
   * For an AC table, per prefix: the bits the coefficient takes in all (its code and its value
   * bits) {@code << 8 |} how far it advances the coefficient index (run + 1, 16 for a run of zeros,
   * {@link #END_OF_BLOCK}); 0 if the code is longer. Used where only the DC term is kept.
   */
  final int[] skip = new int[1 << LOOKAHEAD];

  /** The largest code of each length 1..16, or -1 when none has that length. */
  final int[] maxCode = new int[17];

  /** Index into {@link #symbols} of a code of each length: the code plus this. */
  final int[] valueOffset = new int[17];

  final int[] symbols;

  private HuffmanTable(int[] symbols) {
    this.symbols = symbols;
  }

  /**
   * The table with {@code counts[l]} codes of length {@code l + 1} for the {@code symbols} in
   * order, or null if the counts do not describe a prefix code (over-subscribed, or a code of all
   * ones, which libjpeg also refuses).
   */
  static HuffmanTable build(int[] counts, int[] symbols) {
    HuffmanTable table = new HuffmanTable(symbols);
    int code = 0;
    int index = 0;
    for (int length = 1; length <= 16; length++) {
      int count = counts[length - 1];
      table.valueOffset[length] = index - code;
      table.maxCode[length] = count == 0 ? -1 : code + count - 1;
      for (int i = 0; i < count; i++, code++, index++) {
        if (length <= LOOKAHEAD) {
          int shift = LOOKAHEAD - length;
          int first = code << shift;
          int symbol = symbols[index];
          int run = symbol >> 4;
          int size = symbol & 15;
          int advance = size != 0 ? run + 1 : run == 15 ? 16 : END_OF_BLOCK;
          for (int fill = 0; fill < 1 << shift; fill++) {
            table.lookup[first + fill] = length << 8 | symbol;
            table.skip[first + fill] = (length + size) << 8 | advance;
          }
        }
      }
      if (code >= 1 << length) {
        return null;
      }
      code <<= 1;
    }
    return index == symbols.length ? table : null;
  }
}
