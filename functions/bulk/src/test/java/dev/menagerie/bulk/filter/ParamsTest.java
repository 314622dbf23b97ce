package dev.menagerie.bulk.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ParamsTest {
  private static final Params PARAMS =
      new Params(
          Map.of(
              "cutoff", "40",
              "share", "0.5",
              "label", "snow leopard",
              "dryRun", "false",
              "blank", " ",
              "bad", "x;y"));

  @Test
  void presentValues_shouldBeReadAndAbsentOrBlankOnesFallBack() {
    assertThat(PARAMS.integer("cutoff", 1, 1, 100)).isEqualTo(40);
    assertThat(PARAMS.integer("missing", 7, 1, 100)).isEqualTo(7);
    assertThat(PARAMS.number("share", 0.9, 0, 1)).isEqualTo(0.5);
    assertThat(PARAMS.number("blank", 0.9, 0, 1)).isEqualTo(0.9);
    assertThat(PARAMS.flag("dryRun", true)).isFalse();
    assertThat(PARAMS.flag("missing", true)).isTrue();
    assertThat(PARAMS.name("label")).contains("snow leopard");
    assertThat(PARAMS.name("blank")).isEmpty();
    assertThat(PARAMS.requiredName("label")).isEqualTo("snow leopard");
  }

  @Test
  void nullValues_shouldBeAnEmptySet() {
    assertThat(new Params(null).asMap()).isEmpty();
  }

  @Test
  void badValues_shouldBeInvalidParameterNamingKeyAndValue() {
    assertInvalid(() -> PARAMS.integer("cutoff", 1, 1, 10), "cutoff=40 is outside 1..10");
    assertInvalid(() -> PARAMS.integer("share", 1, 0, 10), "share=0.5 is not a whole number");
    assertInvalid(() -> PARAMS.number("label", 1, 0, 1), "label=snow leopard is not a number");
    assertInvalid(() -> PARAMS.number("cutoff", 1, 0, 1), "cutoff=40 is outside 0.0..1.0");
    assertInvalid(() -> PARAMS.flag("cutoff", true), "cutoff=40 is not true or false");
    assertInvalid(() -> PARAMS.name("bad"), "bad=x;y is not a valid name");
    assertInvalid(() -> PARAMS.requiredName("missing"), "missing is required");
    Map<String, String> nan = new HashMap<>();
    nan.put("share", "NaN");
    assertInvalid(() -> new Params(nan).number("share", 0, 0, 1), "share=NaN is outside");
  }

  private static void assertInvalid(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            MenagerieException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
        .hasMessageContaining(message);
  }
}
