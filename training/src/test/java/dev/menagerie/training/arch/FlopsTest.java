package dev.menagerie.training.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Multiply-accumulates per image, by hand on a tiny description and against the paper's count. */
class FlopsTest {
  @Test
  void tinyDescription_shouldCountConvolutionsAndHeadFromTheShapes() {
    // GIVEN a 3 x 9 x 9 image through a strided conv, two branches, an asymmetric conv and a head
    Layer.Sequence net =
        new Layer.Sequence(
            "tiny",
            List.of(
                new Layer.Normalize(new float[] {0, 0, 0}, new float[] {1, 1, 1}),
                Layer.ConvBn.valid(8, 3, 2), // 9 -> 4: 4*4 * 8 * 3 * 3*3 = 3456
                new Layer.Branches(
                    "mixed",
                    List.of(
                        Layer.ConvBn.same(4, 1, 1), // 4*4 * 4 * 8 = 512
                        new Layer.MaxPool(3, 1, 1))), // 8 channels, free: 12 channels out
                Layer.ConvBn.same(6, 1, 3), // 4*4 * 6 * 12 * 1*3 = 3456
                new Layer.GlobalAvgPool(),
                new Layer.Dropout(0.5f),
                new Layer.Dense(5))); // 6 * 5 = 30
    // WHEN its multiply-accumulates are counted
    long macs = Flops.macs(net, 9);
    // THEN they are the sum worked out by hand
    assertThat(macs).isEqualTo(3456 + 512 + 3456 + 30);
  }

  @Test
  void fullInceptionV4_shouldBeThePublishedTwelveGigaMultiplyAdds() {
    // Inception V4 at 299 x 299 is quoted at about 12.3 G multiply-adds (24.6 GFLOP)
    Architecture full = InceptionV4.full(1000);
    assertThat(Flops.forwardMacs(full) / 1e9).isBetween(12.3 * 0.95, 12.3 * 1.05);
    assertThat(Flops.forwardFlops(full)).isEqualTo(2 * Flops.forwardMacs(full));
  }

  @Test
  void smallModel_shouldCostUnderHalfAPercentOfTheFullOne() {
    // a quarter of the width (1/16 of the weights) at 75 x 75 (1/16 of the pixels, fewer after
    // the unpadded stem): about 27 M multiply-adds, 0.2 % of the full model
    long small = Flops.forwardMacs(InceptionV4.small(9));
    long full = Flops.forwardMacs(InceptionV4.full(1000));
    assertThat(small).isPositive();
    assertThat((double) small / full).isLessThan(1.0 / 200);
  }
}
