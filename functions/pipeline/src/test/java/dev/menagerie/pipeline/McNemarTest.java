package dev.menagerie.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class McNemarTest {
  /** The Chebyshev fit's stated bound. */
  private static final double ERFC_ERROR = 1.2e-7;

  @Test
  void exactBranch_shouldGiveTheTwoSidedBinomialTail() {
    // 2 * (C(12,0) + C(12,1) + C(12,2)) / 2^12
    assertThat(McNemar.pValue(10, 2)).isCloseTo(2.0 * (1 + 12 + 66) / 4096, offset(1e-12));
    assertThat(McNemar.pValue(10, 2)).isCloseTo(0.03857421875, offset(1e-12));
    // 2 / 2^5 and 2 / 2^6
    assertThat(McNemar.pValue(5, 0)).isCloseTo(0.0625, offset(1e-12));
    assertThat(McNemar.pValue(0, 6)).isCloseTo(0.03125, offset(1e-12));
    // 2 * (1 + 25 + 300 + 2300 + 12650 + 53130) / 2^25
    assertThat(McNemar.pValue(20, 5)).isCloseTo(2.0 * 68406 / 33554432, offset(1e-12));
  }

  @Test
  void exactBranch_atOneThousandDiscordant_shouldMatchTheBinomialTail() {
    // 2 * P(X <= 470), X ~ Bin(1000, 1/2), summed exactly with big integers: 0.0620231950983...
    assertThat(McNemar.pValue(530, 470)).isCloseTo(0.06202319509836318, offset(1e-9));
  }

  @Test
  void equalCounts_shouldBeCappedAtOne() {
    assertThat(McNemar.pValue(5, 5)).isEqualTo(1.0);
    assertThat(McNemar.pValue(1, 0)).isEqualTo(1.0);
    assertThat(McNemar.pValue(500, 500)).isEqualTo(1.0);
  }

  @Test
  void noDiscordantImages_shouldGiveOne() {
    assertThat(McNemar.pValue(0, 0)).isEqualTo(1.0);
  }

  @Test
  void pValue_shouldBeSymmetric() {
    int[][] pairs = {{10, 2}, {0, 7}, {20, 5}, {530, 470}, {560, 480}, {1200, 1000}};
    for (int[] p : pairs) {
      assertThat(McNemar.pValue(p[1], p[0])).isEqualTo(McNemar.pValue(p[0], p[1]));
    }
  }

  @Test
  void chiSquareBranch_shouldUseTheContinuityCorrection() {
    // n = 1040: chi2 = (80 - 1)^2 / 1040 = 6.0009615..., p = erfc(sqrt(chi2 / 2)) = 0.0142980838
    assertThat(McNemar.pValue(560, 480)).isCloseTo(0.014298083798964132, offset(1e-8));
    // n = 1100: chi2 = 19^2 / 1100 = 0.32818..., p = 0.5667316658
    assertThat(McNemar.pValue(560, 540)).isCloseTo(0.5667316657926253, offset(1e-7));
    // n = 2200: chi2 = 199^2 / 2200 = 18.00045..., p = 2.20852229e-5
    assertThat(McNemar.pValue(1200, 1000)).isCloseTo(2.2085222894420456e-05, offset(1e-11));
  }

  @Test
  void negativeCounts_shouldBeRefused() {
    assertThatThrownBy(() -> McNemar.pValue(-1, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> McNemar.pValue(3, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void erfc_shouldMatchKnownValues() {
    assertThat(McNemar.erfc(0)).isCloseTo(1.0, offset(ERFC_ERROR));
    assertThat(McNemar.erfc(0.5)).isCloseTo(0.4795001221869535, offset(ERFC_ERROR));
    assertThat(McNemar.erfc(1)).isCloseTo(0.15729920705028513, offset(ERFC_ERROR));
    assertThat(McNemar.erfc(-1)).isCloseTo(1.842700792949715, offset(ERFC_ERROR));
    assertThat(McNemar.erfc(-0.3)).isCloseTo(1.3286267594591274, offset(ERFC_ERROR));
    assertThat(McNemar.erfc(2)).isCloseTo(0.004677734981047265, offset(1e-9));
    assertThat(McNemar.erfc(3)).isCloseTo(2.2090496998585438e-05, offset(1e-11));
    assertThat(McNemar.erfc(30)).isCloseTo(0, offset(1e-300));
  }
}
