package dev.menagerie.common.image;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * Decodes a sequential Huffman JPEG (see {@link JpegFrame}) at 1/1, 1/2, 1/4 or 1/8 of its size in
 * the DCT domain, as libjpeg-turbo's scaled decoding (Pillow's draft mode) does: each 8x8 block
 * becomes 8, 4, 2 or 1 pixels a side ({@link ReducedIdct}), so at 1/8 a block is its DC term and
 * the 63 AC coefficients are only stepped over. The ImageIO decoder cannot scale this way and
 * decodes every block in full; for a camera-sized image and a model-sized target this is several
 * times less work.
 *
 * <p>A subsampled chroma component is decoded to larger blocks that keep its own resolution (a
 * 4:2:0 image at 1/8 decodes chroma blocks to 2x2, a 4:2:2 one to 2x1), up to the full 8x8; only
 * beyond that (at full scale) are its pixels repeated. Damage in the entropy-coded data (a code no
 * table has, a coefficient past the end of its block, a missing restart marker, data ending early)
 * is a {@code CORRUPT_IMAGE} {@link dev.menagerie.common.error.MenagerieException}.
 */
final class JpegScaledDecoder {
  /** Natural (row-major) position of the k-th coefficient in zigzag order. */
  static final int[] NATURAL_ORDER = {
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63
  };

  // YCbCr to RGB (JFIF, as libjpeg's jdcolor.c) in 16-bit fixed point, per chroma level.
  private static final int[] CR_TO_R = new int[256];
  private static final int[] CB_TO_B = new int[256];
  private static final int[] CR_TO_G = new int[256];
  private static final int[] CB_TO_G = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i - 128;
      CR_TO_R[i] = (int) Math.round(1.40200 * c);
      CB_TO_B[i] = (int) Math.round(1.77200 * c);
      CR_TO_G[i] = -(int) Math.round(0.71414 * 65536) * c;
      CB_TO_G[i] = -(int) Math.round(0.34414 * 65536) * c + 32768;
    }
  }

  private final JpegFrame frame;
  private final int reduction;
  private final JpegBitReader reader;
  private final byte[][] planes;
  private final int[] strides;

  /** Width and height of a component's decoded block, in pixels. */
  private final int[] blockWidths;

  private final int[] blockHeights;

  private final int[] predictions;

  /** Per component, its quantization and transform for its block width (ReducedIdct.kernel). */
  private final float[][] kernels;

  /** How far a component's pixels are repeated across and down: log2 of the repeat. */
  private final int[] shiftX;

  private final int[] shiftY;

  /** The block's rows of coefficients, each transformed horizontally (see ReducedIdct.add). */
  private final float[] rows = new float[64];

  /** Scratch for ReducedIdct.finish. */
  private final float[] line = new float[8];

  /** MCU rows decoded so far, for a resize running on another thread ({@link #decodedRow}). */
  private volatile int mcuRowsDone;

  /** The thread resizing while this one decodes, to wake if it parked; null until it runs. */
  private volatile Thread resizing;

  /**
   * How long the resizing thread spins for a row before it parks. An MCU row of a camera image
   * takes about 0.1 ms to decode; waking a parked thread took longer than that here, and parking
   * after every row cost the pipeline most of its gain (4.9 ms against 4.2 ms spinning).
   */
  private static final long SPIN_NANOS = 200_000;

  /** Set while the resizing thread is parked, so the scan wakes it only when it needs waking. */
  private volatile boolean parked;

  /** Set when the scan stops early (damaged data): a resize waiting for rows gives up. */
  private volatile boolean abandoned;

  private JpegScaledDecoder(byte[] data, JpegFrame frame, int reduction) {
    this.frame = frame;
    this.reduction = reduction;
    this.reader = new JpegBitReader(data, frame.scanStart);
    int count = frame.components.length;
    planes = new byte[count][];
    strides = new int[count];
    blockWidths = new int[count];
    blockHeights = new int[count];
    predictions = new int[count];
    kernels = new float[count][];
    shiftX = new int[count];
    shiftY = new int[count];
    int n = 8 / reduction;
    for (JpegFrame.Component c : frame.components) {
      int blockWidth = Math.min(8, n * frame.maxH / c.h);
      int blockHeight = Math.min(8, n * frame.maxV / c.v);
      long across = (long) mcusAcross() * c.h * blockWidth;
      long down = (long) mcusDown() * c.v * blockHeight;
      if (across * down > Integer.MAX_VALUE - 16) {
        throw JpegBitReader.corrupt("its " + frame.width + "x" + frame.height + " is too large");
      }
      planes[c.index] = new byte[(int) (across * down)];
      strides[c.index] = (int) across;
      blockWidths[c.index] = blockWidth;
      blockHeights[c.index] = blockHeight;
      kernels[c.index] = ReducedIdct.kernel(c.quantization, blockWidth);
      shiftX[c.index] = log2(n * (frame.maxH / c.h) / blockWidth);
      shiftY[c.index] = log2(n * (frame.maxV / c.v) / blockHeight);
    }
  }

  /**
   * The largest reduction (8, 4, 2 or 1) that leaves at least {@code targetWidth} x {@code
   * targetHeight} whole pixels of picture, as Pillow's draft mode picks it.
   */
  static int reduction(int width, int height, int targetWidth, int targetHeight) {
    for (int r = 8; r > 1; r >>= 1) {
      if (width >= (long) r * targetWidth && height >= (long) r * targetHeight) {
        return r;
      }
    }
    return 1;
  }

  /**
   * The image of {@code frame}, {@code reduction} (1, 2, 4 or 8) times smaller on each axis; null
   * if another scan follows the first (see {@link #decodeResized(byte[], JpegFrame, int, int,
   * int)}).
   */
  static RgbImage decode(byte[] data, JpegFrame frame, int reduction) {
    JpegScaledDecoder decoder = decodeScan(data, frame, reduction);
    if (decoder == null) {
      return null;
    }
    int width = decoder.reducedWidth();
    int height = decoder.reducedHeight();
    return Resizer.resize(decoder::row, width, height, width, height, width, height);
  }

  /**
   * The image of {@code frame} decoded {@code reduction} (1, 2, 4 or 8) times smaller on each axis
   * and resized to {@code width} x {@code height}, its colours converted row by row as the resize
   * asks for them; null if another scan follows the first (a sequential file whose first scan holds
   * every component should have none), which the caller leaves to ImageIO and its limit on scans.
   * Counting the scans only after the one decoded spares a pass over the whole file.
   */
  static RgbImage decodeResized(
      byte[] data, JpegFrame frame, int reduction, int width, int height) {
    JpegScaledDecoder decoder = decodeScan(data, frame, reduction);
    return decoder == null ? null : decoder.resize(decoder::row, width, height);
  }

  /**
   * {@link #decodeResized(byte[], JpegFrame, int, int, int)}, with the colour conversion and the
   * resize done on {@code resizer}'s thread while this one decodes: each row is taken as soon as
   * the MCU row that holds it is decoded. The two threads share the work of a camera-sized image
   * about 4:1, so this saves about a fifth of the time when a second core is free. If {@code
   * resizer} takes no more work, this thread does both.
   */
  static RgbImage decodeResized(
      byte[] data, JpegFrame frame, int reduction, int width, int height, Executor resizer) {
    checkReduction(reduction);
    JpegScaledDecoder decoder = new JpegScaledDecoder(data, frame, reduction);
    CompletableFuture<RgbImage> resized;
    try {
      resized =
          CompletableFuture.supplyAsync(
              () -> {
                decoder.resizing = Thread.currentThread();
                return decoder.resize(decoder::decodedRow, width, height);
              },
              resizer);
    } catch (RejectedExecutionException e) {
      return decodeResized(data, frame, reduction, width, height);
    }
    try {
      decoder.decodeScan();
    } catch (RuntimeException | Error e) {
      decoder.abandoned = true;
      LockSupport.unpark(decoder.resizing);
      throw e;
    }
    RgbImage image;
    try {
      image = resized.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
    return decoder.anotherScanFollows(data) ? null : image;
  }

  /** The decoded image resized; the last column and row of blocks may be partly padding. */
  private RgbImage resize(Resizer.RowSource rows, int width, int height) {
    // Weigh the padded last column and row by the picture in them.
    return Resizer.resize(
        rows,
        reducedWidth(),
        reducedHeight(),
        (double) frame.width / reduction,
        (double) frame.height / reduction,
        width,
        height);
  }

  /**
   * {@link #row}, once the scan on the other thread has decoded it: spins a little, then parks
   * until {@link #decodeScan} finishes another MCU row (it checks {@link #parked} after publishing
   * the row, and this thread checks the rows again after setting it, so no wake-up is lost).
   */
  private void decodedRow(int y, byte[] rgb) {
    int needed = Math.min(mcusDown(), y / (8 / reduction * frame.maxV) + 1);
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (mcuRowsDone < needed) {
      if (abandoned) {
        throw new CancellationException("the scan stopped before row " + y);
      }
      if (System.nanoTime() < spinUntil) {
        Thread.onSpinWait();
      } else {
        parked = true;
        if (mcuRowsDone < needed && !abandoned) {
          LockSupport.park(this);
        }
        parked = false;
      }
    }
    row(y, rgb);
  }

  private static JpegScaledDecoder decodeScan(byte[] data, JpegFrame frame, int reduction) {
    checkReduction(reduction);
    JpegScaledDecoder decoder = new JpegScaledDecoder(data, frame, reduction);
    decoder.decodeScan();
    return decoder.anotherScanFollows(data) ? null : decoder;
  }

  /**
   * Whether another scan starts after the one decoded (a sequential file whose first scan holds
   * every component should have none); counting only from there spares a pass over the whole file.
   */
  private boolean anotherScanFollows(byte[] data) {
    return ImageHeaders.jpegScanCount(data, reader.position()) > 0;
  }

  private static void checkReduction(int reduction) {
    if (reduction != 1 && reduction != 2 && reduction != 4 && reduction != 8) {
      throw new IllegalArgumentException("reduction must be 1, 2, 4 or 8, was " + reduction);
    }
  }

  private int reducedWidth() {
    return ceilDiv(frame.width, reduction);
  }

  private int reducedHeight() {
    return ceilDiv(frame.height, reduction);
  }

  private int mcusAcross() {
    return ceilDiv(frame.width, 8 * frame.maxH);
  }

  private int mcusDown() {
    return ceilDiv(frame.height, 8 * frame.maxV);
  }

  private void decodeScan() {
    int across = mcusAcross();
    int down = mcusDown();
    int interval = frame.restartInterval;
    int untilRestart = interval;
    int restarts = 0;
    for (int my = 0; my < down; my++) {
      for (int mx = 0; mx < across; mx++) {
        if (interval > 0) {
          if (untilRestart == 0) {
            reader.restart(restarts++ & 7);
            Arrays.fill(predictions, 0);
            untilRestart = interval;
          }
          untilRestart--;
        }
        for (JpegFrame.Component c : frame.components) {
          for (int by = 0; by < c.v; by++) {
            for (int bx = 0; bx < c.h; bx++) {
              decodeBlock(c, my * c.v + by, mx * c.h + bx);
            }
          }
        }
      }
      reader.checkNotTruncated();
      mcuRowsDone = my + 1;
      if (parked) {
        LockSupport.unpark(resizing);
      }
    }
  }

  private void decodeBlock(JpegFrame.Component c, int blockRow, int blockColumn) {
    int index = c.index;
    int[] quantization = c.quantization;
    JpegBitReader bits = reader;
    bits.fill();
    int dc = predictions[index] + bits.receiveExtend(bits.decode(c.dc));
    predictions[index] = dc;
    int width = blockWidths[index];
    int height = blockHeights[index];
    int stride = strides[index];
    int offset = blockRow * height * stride + blockColumn * width;
    byte[] plane = planes[index];
    if (width == 1 && height == 1) {
      int k = bits.skipAc(c.ac);
      if (k > 64 && k < HuffmanTable.END_OF_BLOCK) {
        throw JpegBitReader.corrupt("a block has more than 64 coefficients");
      }
      plane[offset] = ReducedIdct.dcOnly(dc * quantization[0]);
      return;
    }
    float[] transformed = rows;
    int used = bits.decodeAc(c.ac, kernels[index], transformed, width);
    if (used == 0) {
      byte value = ReducedIdct.dcOnly(dc * quantization[0]);
      for (int y = 0; y < height; y++) {
        Arrays.fill(plane, offset + y * stride, offset + y * stride + width, value);
      }
      return;
    }
    used |= ReducedIdct.add(transformed, 0, dc * quantization[0], width);
    ReducedIdct.finish(transformed, used, width, height, plane, offset, stride, line);
  }

  /**
   * Row {@code y} of the reduced image as interleaved RGB, chroma repeated where it is coarser: a
   * {@link Resizer.RowSource}, so the whole image is never made.
   */
  private void row(int y, byte[] rgb) {
    int width = reducedWidth();
    byte[] luma = planes[0];
    int rowY = (y >> shiftY[0]) * strides[0];
    if (planes.length == 1) {
      for (int x = 0, o = 0; x < width; x++, o += 3) {
        byte grey = luma[rowY + (x >> shiftX[0])];
        rgb[o] = grey;
        rgb[o + 1] = grey;
        rgb[o + 2] = grey;
      }
      return;
    }
    byte[] cb = planes[1];
    byte[] cr = planes[2];
    int rowCb = (y >> shiftY[1]) * strides[1];
    int rowCr = (y >> shiftY[2]) * strides[2];
    int shiftLuma = shiftX[0];
    int shiftCb = shiftX[1];
    int shiftCr = shiftX[2];
    int x = 0;
    if (shiftLuma == 0 && shiftCb == 1 && shiftCr == 1) {
      // Chroma at half the luma's width (4:2:0, 4:2:2): its terms once for each pair of pixels.
      for (int c = 0; x + 1 < width; x += 2, c++) {
        int blue = cb[rowCb + c] & 0xFF;
        int red = cr[rowCr + c] & 0xFF;
        int toR = CR_TO_R[red];
        int toG = (CB_TO_G[blue] + CR_TO_G[red]) >> 16;
        int toB = CB_TO_B[blue];
        int o = 3 * x;
        int lum = luma[rowY + x] & 0xFF;
        rgb[o] = ReducedIdct.clamp(lum + toR);
        rgb[o + 1] = ReducedIdct.clamp(lum + toG);
        rgb[o + 2] = ReducedIdct.clamp(lum + toB);
        lum = luma[rowY + x + 1] & 0xFF;
        rgb[o + 3] = ReducedIdct.clamp(lum + toR);
        rgb[o + 4] = ReducedIdct.clamp(lum + toG);
        rgb[o + 5] = ReducedIdct.clamp(lum + toB);
      }
    }
    for (int o = 3 * x; x < width; x++, o += 3) {
      int lum = luma[rowY + (x >> shiftLuma)] & 0xFF;
      int blue = cb[rowCb + (x >> shiftCb)] & 0xFF;
      int red = cr[rowCr + (x >> shiftCr)] & 0xFF;
      rgb[o] = ReducedIdct.clamp(lum + CR_TO_R[red]);
      rgb[o + 1] = ReducedIdct.clamp(lum + ((CB_TO_G[blue] + CR_TO_G[red]) >> 16));
      rgb[o + 2] = ReducedIdct.clamp(lum + CB_TO_B[blue]);
    }
  }

  private static int log2(int powerOfTwo) {
    return Integer.numberOfTrailingZeros(powerOfTwo);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
