package dev.menagerie.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageReadersTest {

  @Test
  void jpeg_shouldBeReadByTwelveMonkeys() {
    // WHEN the providers are chosen THEN JPEG goes to TwelveMonkeys (CMYK, YCCK, ICC profiles)
    assertThat(ImageReaders.provider(ImageFormat.JPEG))
        .hasValueSatisfying(
            spi -> assertThat(spi.getClass().getName()).startsWith("com.twelvemonkeys."));
  }

  @Test
  void everyDecodableFormat_shouldHaveAReader() {
    for (ImageFormat format : ImageFormat.values()) {
      assertThat(ImageReaders.provider(format).isPresent())
          .as("%s has a reader", format)
          .isEqualTo(format.isDecodable());
    }
  }

  @Test
  void imageIo_shouldNotCacheToDisk() {
    // GIVEN the readers were set up
    ImageReaders.provider(ImageFormat.PNG);

    // THEN ImageIO keeps its stream caches in memory
    assertThat(ImageIO.getUseCache()).isFalse();
  }
}
