package dev.menagerie.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConcurrencyTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plain", "forLatency"})
  void oneDecoderOnManyThreads_shouldGiveTheSameResultsAsOneThread(String kind) throws Exception {
    // GIVEN one decoder (the plain one, or the one whose JPEG rows are resized on the JVM's one
    // resize thread, which all callers share) and differently shaped inputs, decoded once serially
    ImageDecoder decoder =
        kind.equals("plain")
            ? new ImageDecoder(ImageLimits.DEFAULT)
            : ImageDecoder.forLatency(ImageLimits.DEFAULT);
    List<byte[]> inputs =
        List.of(
            ImageFixtures.withExifOrientation(
                ImageFixtures.jpeg(ImageFixtures.photoLike(640, 480)), 6, ByteOrder.BIG_ENDIAN),
            JpegEncodings.jpeg(ImageFixtures.photoLike(1024, 768), 0.9f, 2, 2, 0),
            JpegEncodings.jpeg(ImageFixtures.photoLike(300, 200), 0.9f, 1, 1, 4),
            ImageFixtures.progressiveJpeg(ImageFixtures.photoLike(300, 200)),
            ImageFixtures.adobeCmykJpeg(32, 2),
            ImageFixtures.interlacedPng(ImageFixtures.photoLike(200, 300)));
    List<byte[]> expected = new ArrayList<>();
    for (byte[] input : inputs) {
      expected.add(decoder.decode(input, 64, 64).interleaved());
    }

    // WHEN eight threads decode them over and over
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int task = 0; task < 64; task++) {
        int which = task % inputs.size();
        results.add(
            pool.submit(
                () ->
                    Arrays.equals(
                        decoder.decode(inputs.get(which), 64, 64).interleaved(),
                        expected.get(which))));
      }

      // THEN every result is identical to the serial one
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
