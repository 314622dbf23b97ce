package dev.menagerie.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

  @Test
  void magicBytes_shouldIdentifyEachFormat() {
    assertThat(ImageFormat.detect(ImageFixtures.jpeg(ImageFixtures.photoLike(8, 8))))
        .contains(ImageFormat.JPEG);
    assertThat(ImageFormat.detect(ImageFixtures.png(ImageFixtures.photoLike(8, 8))))
        .contains(ImageFormat.PNG);
    assertThat(ImageFormat.detect(ImageFixtures.encode(ImageFixtures.photoLike(8, 8), "gif")))
        .contains(ImageFormat.GIF);
    assertThat(ImageFormat.detect(ImageFixtures.encode(ImageFixtures.photoLike(8, 8), "bmp")))
        .contains(ImageFormat.BMP);
    assertThat(ImageFormat.detect(ascii("RIFF\0\0\0\0WEBPVP8L"))).contains(ImageFormat.WEBP);
    assertThat(ImageFormat.detect(new byte[] {'I', 'I', 42, 0})).contains(ImageFormat.TIFF);
    assertThat(ImageFormat.detect(new byte[] {'M', 'M', 0, 42})).contains(ImageFormat.TIFF);
    assertThat(ImageFormat.detect(ascii("\0\0\0\u001cftypavif"))).contains(ImageFormat.HEIF);
    assertThat(ImageFormat.detect(ascii("\0\0\0\u001cftypheic"))).contains(ImageFormat.HEIF);
  }

  @Test
  void lookalikes_shouldNotBeTakenForImages() {
    // GIVEN text that starts like BMP, a RIFF that is a WAV, an MP4, and tiny prefixes
    assertThat(ImageFormat.detect(ascii("BMP files are bitmaps"))).isEmpty();
    assertThat(ImageFormat.detect(ascii("RIFF\0\0\0\0WAVEfmt "))).isEmpty();
    assertThat(ImageFormat.detect(ascii("\0\0\0\u0018ftypmp42"))).isEmpty();
    assertThat(ImageFormat.detect(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEmpty();
    assertThat(ImageFormat.detect(new byte[0])).isEmpty();
  }

  @Test
  void decodable_shouldBeTheFormatsTheDecoderReads() {
    assertThat(ImageFormat.JPEG.isDecodable()).isTrue();
    assertThat(ImageFormat.PNG.isDecodable()).isTrue();
    assertThat(ImageFormat.GIF.isDecodable()).isTrue();
    assertThat(ImageFormat.BMP.isDecodable()).isTrue();
    assertThat(ImageFormat.WEBP.isDecodable()).isFalse();
    assertThat(ImageFormat.TIFF.isDecodable()).isFalse();
    assertThat(ImageFormat.HEIF.isDecodable()).isFalse();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
