package dev.menagerie.common.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JPEG decode that resizes on a second thread while the calling thread decodes the scan ({@link
 * ImageDecoder#forLatency}): the same pixels as on one thread, the same errors, and no thread left
 * waiting when the data is damaged. A resize thread left waiting would hang every later decode, so
 * each test fails after 30 s instead (the threads are daemons: the JVM still exits). Many callers
 * sharing the resize thread: ConcurrencyTest.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PipelinedDecodeTest {
  private final ImageDecoder plain = new ImageDecoder(ImageLimits.DEFAULT);
  private final ImageDecoder pipelined = ImageDecoder.forLatency(ImageLimits.DEFAULT);

  /** A daemon, as the decoder's own: a resize left waiting must not keep the test JVM alive. */
  private final Executor resizer =
      Executors.newSingleThreadExecutor(
          work -> {
            Thread thread = new Thread(work, "test-resize");
            thread.setDaemon(true);
            return thread;
          });

  @ParameterizedTest(name = "{0}x{1} luma {2}x{3} restart {4} to {5}x{6}")
  @CsvSource({
    // width, height, luma h, luma v, restart interval, target
    "640, 480, 2, 2, 0, 80, 60",
    "643, 487, 2, 2, 7, 100, 100",
    "1001, 603, 2, 1, 5, 299, 299",
    "517, 389, 1, 1, 0, 299, 299",
    "480, 640, 1, 2, 2, 60, 80",
    "1024, 768, 2, 2, 0, 299, 299",
    "1024, 768, 1, 1, 11, 299, 299",
    "250, 170, 4, 2, 3, 31, 21",
    "33, 17, 2, 2, 0, 40, 40",
  })
  void colourJpeg_shouldGiveTheSamePixelsAsOneThread(
      int width, int height, int h, int v, int restart, int tw, int th) {
    // GIVEN a photo-like JPEG with these sampling factors and restart interval
    byte[] jpeg = JpegEncodings.jpeg(ImageFixtures.photoLike(width, height), 0.9f, h, v, restart);

    // WHEN both decoders decode it to the target
    ImageDecoder.Decoded one = plain.decodeScaled(jpeg, tw, th);
    ImageDecoder.Decoded two = pipelined.decodeScaled(jpeg, tw, th);

    // THEN both took the fast path at the same scale, and every byte agrees
    assertThat(two.dctReduction()).isEqualTo(one.dctReduction()).isPositive();
    assertThat(two.image().interleaved()).isEqualTo(one.image().interleaved());
  }

  @Test
  void greyJpeg_shouldGiveTheSamePixelsAsOneThread() {
    BufferedImage grey = new BufferedImage(333, 251, BufferedImage.TYPE_BYTE_GRAY);
    grey.getGraphics().drawImage(ImageFixtures.photoLike(333, 251), 0, 0, null);
    byte[] jpeg = JpegEncodings.jpeg(grey, 0.9f, 1, 1, 3);

    for (int target : new int[] {41, 83, 166, 333}) {
      assertThat(pipelined.decode(jpeg, target, target).interleaved())
          .as("to %d", target)
          .isEqualTo(plain.decode(jpeg, target, target).interleaved());
    }
  }

  @Test
  void damagedScans_shouldBeCorruptWithoutLeavingTheResizeThreadWaiting() {
    // GIVEN a JPEG cut inside its image data, and one whose data holds no Huffman code
    byte[] jpeg = JpegEncodings.jpeg(ImageFixtures.photoLike(640, 480), 0.9f, 2, 2, 0);
    byte[] invalid = jpeg.clone();
    int sos = JpegEncodings.indexOfMarker(invalid, 0xDA);
    int dataStart = sos + 2 + ((invalid[sos + 2] & 0xFF) << 8 | (invalid[sos + 3] & 0xFF));
    for (int i = dataStart + 4000; i + 1 < invalid.length - 2; i += 2) {
      invalid[i] = (byte) 0xFF;
      invalid[i + 1] = 0;
    }
    List<byte[]> damaged =
        List.of(ImageFixtures.truncated(jpeg, 0.3), ImageFixtures.truncated(jpeg, 0.95), invalid);

    // WHEN each is decoded at every scale THEN each is refused as corrupt
    for (byte[] bad : damaged) {
      for (int target : new int[] {80, 160, 320, 640}) {
        assertThat(codeOf(bad, target, target * 3 / 4))
            .as("target %d", target)
            .isEqualTo(ErrorCode.CORRUPT_IMAGE);
      }
    }
    // AND the resize thread is free: a good image still decodes, as on one thread
    assertThat(pipelined.decode(jpeg, 299, 299).interleaved())
        .isEqualTo(plain.decode(jpeg, 299, 299).interleaved());
  }

  @Test
  void mutatedJpegs_shouldDecodeAsOnOneThreadOrBeCorrupt() {
    // GIVEN baseline JPEGs (4:2:0 with restarts, 4:4:4) and a seeded random mutator
    byte[][] originals = {
      JpegEncodings.jpeg(ImageFixtures.photoLike(160, 120), 0.9f, 2, 2, 2),
      JpegEncodings.jpeg(ImageFixtures.photoLike(160, 120), 0.9f, 1, 1, 0),
    };
    Random random = new Random(23);
    int decoded = 0;

    for (int round = 0; round < 400; round++) {
      byte[] mutated = originals[round % originals.length].clone();
      for (int c = 1 + random.nextInt(4); c > 0; c--) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      JpegFrame frame = JpegFrame.parse(mutated);
      if (frame == null) {
        continue;
      }
      for (int reduction = 1; reduction <= 8; reduction <<= 1) {
        // WHEN a mutant is decoded on one thread and on two
        RgbImage one = null;
        ErrorCode oneFailed = null;
        try {
          one = JpegScaledDecoder.decodeResized(mutated, frame, reduction, 20, 15);
        } catch (MenagerieException e) {
          oneFailed = e.code();
        }
        try {
          RgbImage two =
              JpegScaledDecoder.decodeResized(mutated, frame, reduction, 20, 15, resizer);
          // THEN both give the same image, or both refuse it as corrupt
          assertThat(oneFailed).isNull();
          assertThat(two == null).isEqualTo(one == null);
          if (two != null) {
            assertThat(two.interleaved()).isEqualTo(one.interleaved());
            decoded++;
          }
        } catch (MenagerieException e) {
          assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.CORRUPT_IMAGE);
          assertThat(oneFailed).isEqualTo(ErrorCode.CORRUPT_IMAGE);
        }
      }
    }
    assertThat(decoded).as("mutants decoded").isGreaterThan(100);
  }

  @Test
  void resizeThreadThatTakesNoWork_shouldLeaveItAllToTheCallingThread() {
    byte[] jpeg = JpegEncodings.jpeg(ImageFixtures.photoLike(640, 480), 0.9f, 2, 2, 0);
    JpegFrame frame = JpegFrame.parse(jpeg);
    Executor refusing =
        work -> {
          throw new RejectedExecutionException("shut down");
        };

    RgbImage image = JpegScaledDecoder.decodeResized(jpeg, frame, 2, 299, 299, refusing);

    assertThat(image.interleaved())
        .isEqualTo(JpegScaledDecoder.decodeResized(jpeg, frame, 2, 299, 299).interleaved());
  }

  private ErrorCode codeOf(byte[] jpeg, int width, int height) {
    MenagerieException e =
        catchThrowableOfType(
            () -> pipelined.decodeScaled(jpeg, width, height), MenagerieException.class);
    assertThat(e).as("expected a MenagerieException").isNotNull();
    return e.code();
  }
}
