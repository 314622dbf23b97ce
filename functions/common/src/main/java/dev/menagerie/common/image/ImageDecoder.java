package dev.menagerie.common.image;

import dev.menagerie.common.concurrent.DaemonThreads;
import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes untrusted image bytes into upright RGB, safely: the size in bytes, the format (by magic
 * bytes) and the pixel count declared by the header are checked before any decoder runs, so a small
 * file that declares a huge image is refused without allocating it. Every failure the bytes cause
 * is a {@link MenagerieException} with a client error code ({@code EMPTY_BODY}, {@code
 * PAYLOAD_TOO_LARGE}, {@code NOT_AN_IMAGE}, {@code UNSUPPORTED_MEDIA_TYPE}, {@code
 * TOO_MANY_PIXELS}, {@code CORRUPT_IMAGE}).
 *
 * <p>Stateless apart from its limits: one instance serves all threads.
 */
public final class ImageDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

  private final ImageLimits limits;

  /** Where a JPEG's rows are resized while the calling thread decodes it; null: on that thread. */
  private final Executor resizer;

  public ImageDecoder(ImageLimits limits) {
    this(limits, null);
  }

  private ImageDecoder(ImageLimits limits, Executor resizer) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.resizer = resizer;
  }

  /**
   * A decoder for one request's latency: where the machine has a second core, a JPEG's colour
   * conversion and resize run on a thread of their own (one for the whole JVM) while the calling
   * thread decodes the scan, the rows handed over as each MCU row is done. A 1024 x 768 photo to
   * 299 x 299 took 4.2 ms this way against 5.4 ms on one thread (2 cores, 2026-12-04). With one
   * core this is the plain decoder. Says in the log which it is. For work that already keeps every
   * core busy (bulk, training), the plain constructor is the better choice.
   */
  public static ImageDecoder forLatency(ImageLimits limits) {
    int cores = Runtime.getRuntime().availableProcessors();
    if (cores < 2) {
      LOG.info("JPEG decode on the request's thread alone: {} core", cores);
      return new ImageDecoder(limits);
    }
    LOG.info("JPEG decode with the resize on a second thread: {} cores", cores);
    return new ImageDecoder(limits, ResizeThread.EXECUTOR);
  }

  /** The JVM's one resize thread, started when first needed (a daemon: it never holds up exit). */
  private static final class ResizeThread {
    static final Executor EXECUTOR =
        Executors.newSingleThreadExecutor(DaemonThreads.named("jpeg-resize"));
  }

  public ImageLimits limits() {
    return limits;
  }

  /**
   * Format, stored dimensions and orientation, from the headers alone. Makes every check decoding
   * makes before reading pixels (byte and pixel limits, a supported format, headers that hold
   * together, a file large enough for what they declare), so it throws what decoding would throw
   * for those.
   */
  public ImageInfo probe(byte[] data) {
    Objects.requireNonNull(data, "data");
    if (data.length == 0) {
      throw new MenagerieException(ErrorCode.EMPTY_BODY, "the image is empty (0 bytes)");
    }
    if (data.length > limits.maxBytes()) {
      throw new MenagerieException(
          ErrorCode.PAYLOAD_TOO_LARGE,
          "the image has "
              + data.length
              + " bytes, more than the "
              + limits.maxBytes()
              + " allowed");
    }
    ImageFormat format = ImageFormat.detect(data).orElseThrow(() -> notAnImage(data));
    ImageHeaders.Header header = ImageHeaders.read(format, data);
    ImageInfo info = header.info();
    checkPixels(info.width(), info.height());
    if (data.length < header.minimumBytes()) {
      throw corrupt(
          info,
          "its "
              + data.length
              + " bytes cannot hold the "
              + info.width()
              + "x"
              + info.height()
              + " pixels its header declares (that needs at least "
              + header.minimumBytes()
              + ")",
          null);
    }
    return info;
  }

  /** The whole image, upright (EXIF orientation applied), at its own size. */
  public RgbImage decode(byte[] data) {
    ImageInfo info = probe(data);
    return ExifOrientation.upright(read(data, info, Subsampling.NONE), info.orientation());
  }

  /**
   * The image upright and scaled to exactly {@code targetWidth} x {@code targetHeight} (see {@link
   * Resizer}). A sequential Huffman JPEG in grey or YCbCr (see {@link JpegFrame}) is decoded at the
   * smallest DCT scale (1/8, 1/4, 1/2 or full) that still leaves the target size ({@link
   * JpegScaledDecoder}); any other source at least four times the target on an axis is read
   * subsampled (see {@link Subsampling}). Both save most of the memory and much of the time of a
   * full decode.
   */
  public RgbImage decode(byte[] data, int targetWidth, int targetHeight) {
    return decodeScaled(data, targetWidth, targetHeight).image();
  }

  /** {@link #decode(byte[], int, int)}, also telling how the source was reduced while read. */
  Decoded decodeScaled(byte[] data, int targetWidth, int targetHeight) {
    if (targetWidth <= 0 || targetHeight <= 0) {
      throw new IllegalArgumentException(
          "target dimensions must be positive, were " + targetWidth + "x" + targetHeight);
    }
    ImageInfo info = probe(data);
    // Scale in stored orientation, then turn: both commute, and turning the small image is cheaper.
    int storedTargetWidth = info.isTransposed() ? targetHeight : targetWidth;
    int storedTargetHeight = info.isTransposed() ? targetWidth : targetHeight;
    Decoded inDctDomain = decodeInDctDomain(data, info, storedTargetWidth, storedTargetHeight);
    if (inDctDomain != null) {
      return inDctDomain;
    }
    Subsampling subsampling =
        Subsampling.plan(info.width(), info.height(), storedTargetWidth, storedTargetHeight);
    RgbImage stored =
        Resizer.resize(read(data, info, subsampling), storedTargetWidth, storedTargetHeight);
    return new Decoded(ExifOrientation.upright(stored, info.orientation()), subsampling, 0);
  }

  /**
   * A decoded image and how the source was reduced while read: {@code dctReduction} 1, 2, 4 or 8
   * when {@link JpegScaledDecoder} read it at that fraction of its size, 0 when ImageIO read it
   * (with {@code subsampling}).
   */
  record Decoded(RgbImage image, Subsampling subsampling, int dctReduction) {
    boolean readInDctDomain() {
      return dctReduction > 0;
    }
  }

  /**
   * The JPEG decoded by {@link JpegScaledDecoder} at the largest reduction that keeps the target,
   * resized and upright; null if that decoder does not take it (not a JPEG, or see {@link
   * JpegFrame}), and the caller reads it with ImageIO.
   */
  private Decoded decodeInDctDomain(
      byte[] data, ImageInfo info, int storedTargetWidth, int storedTargetHeight) {
    if (info.format() != ImageFormat.JPEG) {
      return null;
    }
    int reduction =
        JpegScaledDecoder.reduction(
            info.width(), info.height(), storedTargetWidth, storedTargetHeight);
    RgbImage stored = readScaled(data, info, reduction, storedTargetWidth, storedTargetHeight);
    if (stored == null) {
      return null;
    }
    return new Decoded(
        ExifOrientation.upright(stored, info.orientation()), Subsampling.NONE, reduction);
  }

  /**
   * The JPEG read at 1/{@code reduction} scale and resized to {@code width} x {@code height}, or
   * null if JpegScaledDecoder does not take it.
   */
  private RgbImage readScaled(byte[] data, ImageInfo info, int reduction, int width, int height) {
    try {
      JpegFrame frame = JpegFrame.parse(data);
      if (frame == null || frame.width != info.width() || frame.height != info.height()) {
        return null;
      }
      if (frame.iccProfile != null && !SrgbProfile.matches(frame.iccProfile)) {
        return null; // ImageIO converts from the profile
      }
      return resizer == null
          ? JpegScaledDecoder.decodeResized(data, frame, reduction, width, height)
          : JpegScaledDecoder.decodeResized(data, frame, reduction, width, height, resizer);
    } catch (MenagerieException e) {
      throw e;
    } catch (RuntimeException e) {
      // Indices from the data are bounded by design; this keeps a missed case a client error.
      throw corrupt(info, String.valueOf(e.getMessage()), e);
    }
  }

  private RgbImage read(byte[] data, ImageInfo info, Subsampling subsampling) {
    if (info.format() == ImageFormat.JPEG) {
      int scans = ImageHeaders.jpegScanCount(data);
      if (scans > ImageHeaders.MAX_JPEG_SCANS) {
        throw corrupt(
            info, "it has " + scans + " scans, more than " + ImageHeaders.MAX_JPEG_SCANS, null);
      }
    }
    byte[] bytes = info.format() == ImageFormat.PNG ? PngChunks.verified(data) : data;
    TruncationWatch truncation = new TruncationWatch();
    ImageReader reader = null;
    try {
      reader = ImageReaders.create(info.format());
      reader.setInput(new ByteArrayImageInputStream(bytes), true, true);
      reader.addIIOReadWarningListener(truncation);
      // The decoder's own view of the size, in case it reads the headers differently from us.
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      checkPixels(width, height);
      ImageReadParam param = reader.getDefaultReadParam();
      if (subsampling.isActive()) {
        param.setSourceSubsampling(
            subsampling.x(), subsampling.y(), subsampling.xOffset(), subsampling.yOffset());
      }
      BufferedImage image = reader.read(0, param);
      if (truncation.truncated) {
        throw corrupt(info, "the data ends before the image does", null);
      }
      return RgbImage.from(image);
    } catch (MenagerieException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Decoders signal damaged data with anything from IIOException to array index errors.
      throw corrupt(info, String.valueOf(e.getMessage()), e);
    } finally {
      if (reader != null) {
        reader.dispose();
      }
    }
  }

  private void checkPixels(long width, long height) {
    long pixels = width * height;
    if (pixels > limits.maxPixels()) {
      throw new MenagerieException(
          ErrorCode.TOO_MANY_PIXELS,
          "the image is "
              + width
              + "x"
              + height
              + " ("
              + pixels
              + " pixels), more than the "
              + limits.maxPixels()
              + " allowed");
    }
  }

  private static MenagerieException corrupt(ImageInfo info, String why, Throwable cause) {
    String message = info.format() + " image is damaged or truncated: " + why;
    return cause == null
        ? new MenagerieException(ErrorCode.CORRUPT_IMAGE, message)
        : new MenagerieException(ErrorCode.CORRUPT_IMAGE, message, cause);
  }

  private static MenagerieException notAnImage(byte[] data) {
    int first = 0;
    while (first < data.length && first < 64 && Character.isWhitespace(data[first])) {
      first++;
    }
    String hint =
        first < data.length && data[first] == '<'
            ? " (it looks like HTML, XML or SVG; vector images are not supported)"
            : "";
    return new MenagerieException(
        ErrorCode.NOT_AN_IMAGE,
        "the bytes are not an image" + hint + "; expected JPEG, PNG, GIF or BMP");
  }

  /**
   * JPEG decoders do not fail on truncated data: they warn and fill the rest with grey. Only that
   * warning counts; others (a missing end marker, no colour profile) leave a usable image.
   */
  private static final class TruncationWatch implements IIOReadWarningListener {
    private boolean truncated;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
        truncated = true;
      }
    }
  }
}
