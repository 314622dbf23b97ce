package dev.menagerie.common.image;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * The ImageIO reader providers, chosen once per JVM. For JPEG it must be TwelveMonkeys' reader
 * (CMYK, YCCK, ICC profiles, lossless): plugin discovery can miss it when the thread's context
 * class loader is not the one that loaded the function (some Lambda and test set-ups), so it is
 * searched for again and, failing that, registered by hand. Providers are thread-safe; readers are
 * not, so each decode creates its own.
 */
final class ImageReaders {
  private static final Map<ImageFormat, ImageReaderSpi> PROVIDERS = discover();

  private ImageReaders() {}

  static ImageReader create(ImageFormat format) throws IOException {
    ImageReaderSpi provider = PROVIDERS.get(format);
    if (provider == null) {
      throw ImageHeaders.unsupported(format);
    }
    return provider.createReaderInstance();
  }

  /** The provider that reads {@code format}, if any (for tests and start-up checks). */
  static Optional<ImageReaderSpi> provider(ImageFormat format) {
    return Optional.ofNullable(PROVIDERS.get(format));
  }

  private static Map<ImageFormat, ImageReaderSpi> discover() {
    // No temporary files: every image is in memory already, and Lambda's /tmp is small.
    ImageIO.setUseCache(false);
    IIORegistry registry = IIORegistry.getDefaultInstance();
    if (twelveMonkeysJpeg(registry).isEmpty()) {
      ImageIO.scanForPlugins();
    }
    if (twelveMonkeysJpeg(registry).isEmpty()) {
      registry.registerServiceProvider(new JPEGImageReaderSpi(), ImageReaderSpi.class);
    }
    Map<ImageFormat, ImageReaderSpi> providers = new EnumMap<>(ImageFormat.class);
    twelveMonkeysJpeg(registry).ifPresent(spi -> providers.put(ImageFormat.JPEG, spi));
    for (ImageFormat format : ImageFormat.values()) {
      if (format.isDecodable() && !providers.containsKey(format)) {
        firstFor(registry, format.name()).ifPresent(spi -> providers.put(format, spi));
      }
    }
    return providers;
  }

  private static Optional<ImageReaderSpi> twelveMonkeysJpeg(IIORegistry registry) {
    Iterator<ImageReaderSpi> all = registry.getServiceProviders(ImageReaderSpi.class, true);
    while (all.hasNext()) {
      ImageReaderSpi spi = all.next();
      if (spi.getClass().getName().equals(JPEGImageReaderSpi.class.getName())) {
        return Optional.of(spi);
      }
    }
    return Optional.empty();
  }

  private static Optional<ImageReaderSpi> firstFor(IIORegistry registry, String formatName) {
    Iterator<ImageReaderSpi> all = registry.getServiceProviders(ImageReaderSpi.class, true);
    while (all.hasNext()) {
      ImageReaderSpi spi = all.next();
      if (Arrays.stream(spi.getFormatNames()).anyMatch(formatName::equalsIgnoreCase)) {
        return Optional.of(spi);
      }
    }
    return Optional.empty();
  }
}
