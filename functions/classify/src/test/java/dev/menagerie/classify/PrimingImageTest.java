package dev.menagerie.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menagerie.common.image.ImageDecoder;
import dev.menagerie.common.image.ImageLimits;
import dev.menagerie.common.image.RgbImage;
import org.junit.jupiter.api.Test;

class PrimingImageTest {

  @Test
  void primingImage_shouldBeACameraLikeJpegTheDecoderShrinksToTheModelInput() {
    // GIVEN the JPEG the priming run classifies before a snapshot
    byte[] jpeg = ClassifyHandler.primingImage();
    ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
    // WHEN it is probed and decoded to a 299 x 299 model input, as a request would be
    // THEN it is a real photo-sized JPEG, so the shrinking path (not only upscaling) gets primed
    assertThat(decoder.probe(jpeg).width()).isEqualTo(640);
    assertThat(decoder.probe(jpeg).height()).isEqualTo(480);
    RgbImage pixels = decoder.decode(jpeg, 299, 299);
    assertThat(pixels.width()).isEqualTo(299);
    assertThat(pixels.height()).isEqualTo(299);
  }
}
