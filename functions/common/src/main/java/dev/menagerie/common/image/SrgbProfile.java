package dev.menagerie.common.image;

import com.twelvemonkeys.imageio.color.ColorProfiles;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a JPEG's embedded ICC profile is sRGB, so that pixels decoded without it are what ImageIO
 * (TwelveMonkeys) gives: it leaves the JDK's own sRGB profile alone ({@link
 * ColorProfiles#isCS_sRGB}) and converts through any other, which for an sRGB profile of another
 * maker (the "sRGB IEC61966-2.1" most cameras and phones embed) changes next to nothing. "Next to
 * nothing" is measured, not read from names: the profile converts a grid of colours to sRGB within
 * {@link #TOLERANCE} of where they started.
 *
 * <p>Converting after the fast path's resize instead, for other profiles (Display P3, Adobe RGB),
 * was measured too and rejected: a photo's 299x299 came out up to 55 levels from ImageIO's (it
 * converts before averaging), past what the tests allow; those JPEGs stay with ImageIO.
 */
final class SrgbProfile {
  /** Largest difference, in 8-bit levels, a grid colour may move through an "sRGB" profile. */
  static final int TOLERANCE = 2;

  /** Grid points per channel: 0, 17, ... 255. */
  private static final int STEPS = 16;

  /** Answers by profile bytes; phones embed a handful of profiles, so this stays small. */
  private static final Map<ByteBuffer, Boolean> KNOWN = new ConcurrentHashMap<>();

  private static final int MAX_KNOWN = 32;

  /**
   * Larger profiles are measured each time, so hostile ones cannot fill memory through the cache.
   */
  private static final int MAX_KNOWN_BYTES = 64 * 1024;

  private SrgbProfile() {}

  /**
   * Whether {@code icc} is an RGB profile that converts to sRGB within {@link #TOLERANCE}; false
   * for anything Java2D does not take as an RGB profile (ImageIO then decides what it means).
   */
  static boolean matches(byte[] icc) {
    ByteBuffer key = ByteBuffer.wrap(icc);
    Boolean known = KNOWN.get(key);
    if (known != null) {
      return known;
    }
    boolean srgb = measure(icc);
    if (KNOWN.size() < MAX_KNOWN && icc.length <= MAX_KNOWN_BYTES) {
      KNOWN.put(ByteBuffer.wrap(icc.clone()), srgb);
    }
    return srgb;
  }

  private static boolean measure(byte[] icc) {
    try {
      ICC_Profile profile = ICC_Profile.getInstance(icc);
      if (profile.getColorSpaceType() != ColorSpace.TYPE_RGB || profile.getNumComponents() != 3) {
        return false;
      }
      return ColorProfiles.isCS_sRGB(profile) || convertsAsSrgb(profile);
    } catch (RuntimeException e) {
      // Not a profile Java2D can use (IllegalArgumentException, CMMException,
      // ProfileDataException, or worse from its parser): ImageIO decides what that means.
      return false;
    }
  }

  /** Converts every grid colour through {@code profile} to sRGB and compares. */
  private static boolean convertsAsSrgb(ICC_Profile profile) {
    int side = STEPS + 1;
    int count = side * side * side;
    byte[] grid = new byte[3 * count];
    for (int r = 0, o = 0; r < side; r++) {
      for (int g = 0; g < side; g++) {
        for (int b = 0; b < side; b++, o += 3) {
          grid[o] = (byte) (r * 255 / STEPS);
          grid[o + 1] = (byte) (g * 255 / STEPS);
          grid[o + 2] = (byte) (b * 255 / STEPS);
        }
      }
    }
    byte[] converted = new byte[grid.length];
    new ColorConvertOp(
            new ICC_ColorSpace(profile), ColorSpace.getInstance(ColorSpace.CS_sRGB), null)
        .filter(raster(grid, count), raster(converted, count));
    for (int i = 0; i < grid.length; i++) {
      if (Math.abs((grid[i] & 0xFF) - (converted[i] & 0xFF)) > TOLERANCE) {
        return false;
      }
    }
    return true;
  }

  /** A one-row 8-bit interleaved RGB raster over {@code rgb}. */
  private static WritableRaster raster(byte[] rgb, int width) {
    PixelInterleavedSampleModel layout =
        new PixelInterleavedSampleModel(
            DataBuffer.TYPE_BYTE, width, 1, 3, 3 * width, new int[] {0, 1, 2});
    return Raster.createWritableRaster(layout, new DataBufferByte(rgb, rgb.length), null);
  }
}
