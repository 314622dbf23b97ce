package dev.menagerie.common.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import org.junit.jupiter.api.Test;

class ImageManifestTest {

  @Test
  void lines_shouldGiveFlagsByKey() {
    var flags =
        ImageManifest.parse(
            """
            {"key":"cat/a.jpg","smallSubject":true}

            {"key":"cat/b.jpg","group":"g7","benchmark":"holdout"}
            {"key":"cat/c.jpg","smallSubject":false,"group":null}
            """,
            "m");
    assertThat(flags)
        .containsEntry("cat/a.jpg", new ImageFlags(true, null, null))
        .containsEntry("cat/b.jpg", new ImageFlags(false, "g7", "holdout"))
        .containsEntry("cat/c.jpg", ImageFlags.NONE)
        .hasSize(3);
  }

  @Test
  void badLines_shouldBeRefusedNamingTheFileAndLine() {
    assertRefused("{\"key\":\"a\"}\nnot json", ErrorCode.INVALID_JSON, "m line 2 is not JSON");
    assertRefused("[1]", ErrorCode.INVALID_JSON, "m line 1 is not a JSON object");
    assertRefused("{\"smallSubject\":true}", ErrorCode.INVALID_PARAMETER, "has no \"key\" string");
    assertRefused(
        "{\"key\":\"a\",\"smallSubject\":\"yes\"}",
        ErrorCode.INVALID_PARAMETER,
        "m line 1: \"smallSubject\" must be true or false, was \"yes\"");
    assertRefused(
        "{\"key\":\"a\",\"group\":7}",
        ErrorCode.INVALID_PARAMETER,
        "m line 1: \"group\" must be a string, was 7");
  }

  private static void assertRefused(String content, ErrorCode code, String message) {
    assertThatThrownBy(() -> ImageManifest.parse(content, "m"))
        .isInstanceOfSatisfying(MenagerieException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(message);
  }
}
