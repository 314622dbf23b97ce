package dev.menagerie.common.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JPEGs with an embedded ICC profile: sRGB ones on the fast path, others and damaged ones not. */
class IccProfileTest {
  private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
  private final byte[] jpeg = JpegEncodings.jpeg(ImageFixtures.photoLike(1024, 768), 0.9f, 2, 2, 0);

  @Test
  void srgbProfiles_shouldTakeTheFastPathAndMatchImageIo() {
    // GIVEN the JDK's sRGB profile (ImageIO leaves it alone) and an sRGB profile of another maker
    // (ImageIO converts through it), each embedded in a camera-sized photo
    byte[] jdkSrgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    for (byte[] profile : List.of(jdkSrgb, otherMakersSrgb())) {
      byte[] withProfile = withIcc(jpeg, profile);

      // WHEN it is decoded to the model's size
      ImageDecoder.Decoded fast = decoder.decodeScaled(withProfile, 299, 299);

      // THEN the DCT-domain decoder read it, and it matches ImageIO's full decode resized
      RgbImage reference = Resizer.resize(decoder.decode(withProfile), 299, 299);
      assertThat(fast.dctReduction()).isEqualTo(2);
      assertThat(Pixels.meanAbsoluteDifference(fast.image(), reference)).isLessThan(1.5);
      assertThat(maxDifference(fast.image(), reference)).isLessThan(40);
    }
  }

  @Test
  void otherMakersSrgb_shouldBeConvertedByImageIoYetMatchSrgb() {
    // GIVEN an sRGB profile that is not byte for byte the JDK's
    ICC_Profile profile = ICC_Profile.getInstance(otherMakersSrgb());

    // THEN ImageIO would convert through it (the test above is not about a no-op), and it is sRGB
    assertThat(com.twelvemonkeys.imageio.color.ColorProfiles.isCS_sRGB(profile)).isFalse();
    assertThat(SrgbProfile.matches(otherMakersSrgb())).isTrue();
  }

  @Test
  void wideGamutAndLinearProfiles_shouldFallBackToImageIo() {
    // GIVEN a Display P3-like profile (sRGB curves, P3 primaries) and the linear RGB profile:
    // converting the fast path's small output instead of every pixel was up to 55 levels off
    byte[] withP3 = withIcc(jpeg, displayP3Like());
    byte[] withLinear = withIcc(jpeg, ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData());

    // WHEN each is decoded
    ImageDecoder.Decoded fromP3 = decoder.decodeScaled(withP3, 299, 299);
    ImageDecoder.Decoded fromLinear = decoder.decodeScaled(withLinear, 299, 299);

    // THEN ImageIO read them, converting from their profiles
    assertThat(fromP3.readInDctDomain()).isFalse();
    assertThat(fromLinear.readInDctDomain()).isFalse();
    RgbImage plain = decoder.decodeScaled(jpeg, 299, 299).image();
    assertThat(Pixels.meanAbsoluteDifference(fromP3.image(), plain)).isGreaterThan(2);
  }

  @Test
  void malformedIccSegments_shouldFallBackOrBeCorruptNeverCrash() {
    // GIVEN profiles in chunks that do not fit together, and chunks that hold no usable profile
    byte[] srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    byte[] half = Arrays.copyOf(srgb, srgb.length / 2);
    List<byte[]> damagedChunks =
        List.of(
            withChunks(jpeg, chunk(2, 1, srgb)),
            withChunks(jpeg, chunk(0, 1, srgb)),
            withChunks(jpeg, chunk(1, 0, srgb)),
            withChunks(jpeg, chunk(1, 2, srgb)),
            withChunks(jpeg, chunk(1, 2, half), chunk(1, 2, half)),
            withChunks(jpeg, chunk(1, 2, half), chunk(2, 3, half)),
            withChunks(jpeg, Arrays.copyOf(chunk(1, 1, srgb), 13)));
    List<byte[]> unusableProfiles =
        List.of(
            withIcc(jpeg, half),
            withIcc(jpeg, new byte[200]),
            withIcc(jpeg, "not a profile at all".getBytes(StandardCharsets.US_ASCII)),
            withIcc(jpeg, withByte(srgb, 16, 'X')), // colour space signature damaged
            withIcc(jpeg, withByte(srgb, 200, 0x7F))); // inside the tag table

    // THEN the frame parser leaves damaged chunking to ImageIO, and no file fails but as corrupt
    for (byte[] damaged : damagedChunks) {
      assertThat(JpegFrame.parse(damaged)).isNull();
    }
    for (byte[] file : concat(damagedChunks, unusableProfiles)) {
      try {
        ImageDecoder.Decoded decoded = decoder.decodeScaled(file, 299, 299);
        assertThat(decoded.image().width()).isEqualTo(299);
      } catch (MenagerieException e) {
        assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.CORRUPT_IMAGE);
      }
    }
  }

  @Test
  void profileInChunks_shouldBeJoinedInSequenceOrder() {
    // GIVEN the sRGB profile in two chunks, the second first
    byte[] srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    int cut = srgb.length / 3;
    byte[] split =
        withChunks(
            jpeg,
            chunk(2, 2, Arrays.copyOfRange(srgb, cut, srgb.length)),
            chunk(1, 2, Arrays.copyOf(srgb, cut)));

    // THEN the frame holds it whole, and the image takes the fast path
    assertThat(JpegFrame.parse(split).iccProfile).isEqualTo(srgb);
    assertThat(decoder.decodeScaled(split, 299, 299).readInDctDomain()).isTrue();
  }

  /** The JDK's sRGB profile with another description and creator, as another maker's would be. */
  private static byte[] otherMakersSrgb() {
    ICC_Profile profile =
        ICC_Profile.getInstance(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
    byte[] description = profile.getData(ICC_Profile.icSigProfileDescriptionTag);
    profile.setData(
        ICC_Profile.icSigProfileDescriptionTag, Arrays.copyOf(description, description.length + 4));
    byte[] header = profile.getData(ICC_Profile.icSigHead);
    System.arraycopy("Mngr".getBytes(StandardCharsets.US_ASCII), 0, header, 80, 4);
    profile.setData(ICC_Profile.icSigHead, header);
    return profile.getData();
  }

  /** sRGB's tone curves with Display P3's primaries (D50-adapted colorants). */
  private static byte[] displayP3Like() {
    ICC_Profile profile =
        ICC_Profile.getInstance(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
    profile.setData(ICC_Profile.icSigRedColorantTag, xyz(0.5151, 0.2412, -0.0011));
    profile.setData(ICC_Profile.icSigGreenColorantTag, xyz(0.2920, 0.6922, 0.0419));
    profile.setData(ICC_Profile.icSigBlueColorantTag, xyz(0.1571, 0.0666, 0.7841));
    return profile.getData();
  }

  private static byte[] xyz(double x, double y, double z) {
    ByteBuffer tag = ByteBuffer.allocate(20);
    tag.put("XYZ ".getBytes(StandardCharsets.US_ASCII)).putInt(0);
    for (double v : new double[] {x, y, z}) {
      tag.putInt((int) Math.round(v * 65536));
    }
    return tag.array();
  }

  private static byte[] withByte(byte[] data, int at, int value) {
    byte[] out = data.clone();
    out[at] = (byte) value;
    return out;
  }

  /** The body of an APP2 ICC_PROFILE segment: chunk {@code sequence} of {@code count}. */
  private static byte[] chunk(int sequence, int count, byte[] profile) {
    ByteBuffer body = ByteBuffer.allocate(14 + profile.length);
    body.put("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
    body.put((byte) sequence).put((byte) count).put(profile);
    return body.array();
  }

  private static byte[] withIcc(byte[] jpeg, byte[] profile) {
    return withChunks(jpeg, chunk(1, 1, profile));
  }

  /** The JPEG with an APP2 segment for each of {@code bodies} after its start marker. */
  private static byte[] withChunks(byte[] jpeg, byte[]... bodies) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    for (byte[] body : bodies) {
      out.write(0xFF);
      out.write(0xE2);
      out.write((body.length + 2) >> 8);
      out.write((body.length + 2) & 0xFF);
      out.write(body, 0, body.length);
    }
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  private static List<byte[]> concat(List<byte[]> a, List<byte[]> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  private static int maxDifference(RgbImage a, RgbImage b) {
    int max = 0;
    for (int i = 0; i < a.interleaved().length; i++) {
      max = Math.max(max, Math.abs((a.interleaved()[i] & 0xFF) - (b.interleaved()[i] & 0xFF)));
    }
    return max;
  }
}
