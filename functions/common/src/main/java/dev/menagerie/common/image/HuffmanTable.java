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

  /** Bits looked at at once when stepping over several AC coefficients. */
  static final int RUN_BITS = 12;

  /** A {@link #runs} entry's flag: the run ends with an end-of-block code. */
  static final int RUN_ENDS_BLOCK = 1 << 15;

  /**
   * For an AC table, per RUN_BITS-bit prefix: every whole coefficient (code and value bits) the
   * prefix holds, up to and including an end-of-block code, as their bits {@code << 16}, {@link
   * #RUN_ENDS_BLOCK} if they end the block, and their total index advance; 0 if the prefix does not
   * hold one whole coefficient. Stepping over a noisy block's AC terms takes a third as many
   * lookups as one coefficient at a time. Built on first use ({@link #runs()}): only a 1/8-scale
   * decode steps over coefficients. Null for a DC table.
   */
  private int[] runs;

  /** Bits looked at at once when decoding one AC coefficient with its value. */
  static final int VALUE_BITS = 11;

  /**
   * For an AC table, per VALUE_BITS-bit prefix that holds a whole non-zero coefficient (its code
   * and value bits): the value {@code << 16 |} the run of zeros before it {@code << 8 |} the bits
   * it takes; for an end-of-block code, its length alone (value 0, run 0); for a run of 16 zeros,
   * 16 {@code << 8 |} its length; 0 otherwise (a longer code). Null for a DC table.
   */
  final int[] values;

  /** The largest code of each length 1..16, or -1 when none has that length. */
  final int[] maxCode = new int[17];

  /** Index into {@link #symbols} of a code of each length: the code plus this. */
  final int[] valueOffset = new int[17];

  final int[] symbols;

  private HuffmanTable(int[] symbols, boolean ac) {
    this.symbols = symbols;
    this.values = ac ? new int[1 << VALUE_BITS] : null;
  }

  /**
   * The table with {@code counts[l]} codes of length {@code l + 1} for the {@code symbols} in
   * order, or null if the counts do not describe a prefix code (over-subscribed, or a code of all
   * ones, which libjpeg also refuses).
   */
  static HuffmanTable build(int[] counts, int[] symbols, boolean ac) {
    HuffmanTable table = new HuffmanTable(symbols, ac);
    int code = 0;
    int index = 0;
    for (int length = 1; length <= 16; length++) {
      int count = counts[length - 1];
      table.valueOffset[length] = index - code;
      table.maxCode[length] = count == 0 ? -1 : code + count - 1;
      for (int i = 0; i < count; i++, code++, index++) {
        if (code >= (1 << length) - 1) {
          return null; // over-subscribed, or all ones (libjpeg refuses that too)
        }
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
      code <<= 1;
    }
    if (index != symbols.length) {
      return null;
    }
    if (ac) {
      for (int prefix = 0; prefix < 1 << VALUE_BITS; prefix++) {
        table.values[prefix] = table.value(prefix);
      }
    }
    return table;
  }

  /** The {@link #values} entry of {@code prefix}. */
  private int value(int prefix) {
    int entry = lookup[prefix >> (VALUE_BITS - LOOKAHEAD)];
    int length = entry >> 8;
    int size = entry & 15;
    if (entry == 0 || length + size > VALUE_BITS) {
      return 0;
    }
    if (size == 0) {
      int run = (entry & 0xF0) >> 4;
      return run == 0 ? length : run == 15 ? 16 << 8 | length : 0;
    }
    int raw = (prefix >> (VALUE_BITS - length - size)) & ((1 << size) - 1);
    int value = raw < 1 << (size - 1) ? raw - (1 << size) + 1 : raw;
    return value << 16 | (entry & 0xF0) << 4 | (length + size);
  }

  /** The {@link #runs} table of an AC table, built the first time it is asked for. */
  int[] runs() {
    if (runs == null) {
      int[] built = new int[1 << RUN_BITS];
      for (int prefix = 0; prefix < 1 << RUN_BITS; prefix++) {
        built[prefix] = run(prefix);
      }
      runs = built;
    }
    return runs;
  }

  /** The {@link #runs} entry of {@code prefix}. */
  private int run(int prefix) {
    int used = 0;
    int advance = 0;
    while (used < RUN_BITS) {
      int window = (prefix << used) & ((1 << RUN_BITS) - 1);
      int entry = lookup[window >> (RUN_BITS - LOOKAHEAD)];
      int length = entry >> 8;
      int size = entry & 15;
      if (entry == 0 || used + length + size > RUN_BITS) {
        break;
      }
      int step = skip[window >> (RUN_BITS - LOOKAHEAD)] & 0xFF;
      if (step == END_OF_BLOCK) {
        return (used + length) << 16 | RUN_ENDS_BLOCK | advance;
      }
      if (advance + step > 64) {
        break;
      }
      used += length + size;
      advance += step;
    }
    return used << 16 | advance;
  }
}
