package dev.menagerie.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.menagerie.common.error.ErrorCode;
import dev.menagerie.common.error.MenagerieException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassifyRequestParserTest {
  private final ClassifyRequestParser parser = new ClassifyRequestParser(1000, 5, 20);

  @Test
  void rawBase64Body_shouldBeTheImage_withTheDefaultTopK() {
    ClassifyRequest request = parser.parse(b64("JPEGBYTES"), true, "image/jpeg", null);

    assertThat(new String(request.image().orElseThrow(), StandardCharsets.UTF_8))
        .isEqualTo("JPEGBYTES");
    assertThat(request.topK()).isEqualTo(5);
    assertThat(request.source()).isEqualTo(ClassifyRequest.SOURCE_BODY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", " \r\n ", "\t"})
  void rawBase64BodyDecodingToNothing_shouldBeEmptyBody(String body) {
    // found by ClassifyRequestFuzzTest: the body was accepted as an image of zero bytes
    assertThatThrownBy(() -> parser.parse(body, true, "image/jpeg", null))
        .isInstanceOfSatisfying(
            MenagerieException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.EMPTY_BODY));
  }

  @Test
  void whitespaceRemoval_shouldMatchTheRegexItReplaced() {
    java.util.regex.Pattern whitespace = java.util.regex.Pattern.compile("\\s+");
    java.util.Random random = new java.util.Random(3);
    String alphabet = "AZaz09+/= \t\n\u000B\f\r\u00a0\u2028x";
    for (int n = 0; n < 2000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = text.toString();
      assertThat(ClassifyRequestParser.withoutWhitespace(s))
          .as("%s", s.chars().boxed().toList())
          .isEqualTo(whitespace.matcher(s).replaceAll(""));
    }
  }

  @Test
  void jsonWithCharsetAndCapitals_shouldStillBeJson() {
    ClassifyRequest request =
        parser.parse(
            "{\"image\":\"" + b64("x") + "\"}",
            false,
            "Application/JSON; charset=utf-8",
            Map.of("topK", "20"));

    assertThat(request.source()).isEqualTo(ClassifyRequest.SOURCE_JSON);
    assertThat(request.topK()).isEqualTo(20);
  }

  @Test
  void base64WrappedOverLines_shouldDecode() {
    String wrapped = Base64.getMimeEncoder().encodeToString(new byte[300]);
    assertThat(wrapped).contains("\r\n");
    assertThat(
            parser
                .parse(
                    "{\"image\":\"" + wrapped.replace("\r\n", "\\n") + "\"}",
                    false,
                    "application/json",
                    null)
                .image()
                .orElseThrow())
        .hasSize(300);
  }

  @Test
  void s3Key_shouldBeKeptAsGiven() {
    ClassifyRequest request =
        parser.parse("{\"s3Key\":\"inbox/zoo/cat 1.jpg\"}", false, "application/json", null);
    assertThat(request.s3Key()).contains("inbox/zoo/cat 1.jpg");
    assertThat(request.image()).isEmpty();
  }

  @Test
  void imageOverTheByteLimit_shouldBePayloadTooLarge() {
    assertThat(
            code(
                () ->
                    parser.parse(
                        Base64.getEncoder().encodeToString(new byte[1001]),
                        true,
                        "application/octet-stream",
                        null)))
        .isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "42", "\"text\"", "null", "{}", "{\"image\": 5}", "{\"s3Key\": 5}"})
  void jsonOfTheWrongShape_shouldBeInvalidJson(String body) {
    assertThat(code(() -> parser.parse(body, false, "application/json", null)))
        .isIn(ErrorCode.INVALID_JSON, ErrorCode.INVALID_S3_KEY);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"inbox/", "models/x", "inbox/a/../../models/x", "/inbox/a", "inbox/a\u0000b"})
  void s3KeysOutsideTheInbox_shouldBeRefused(String key) {
    String body = "{\"s3Key\":\"" + key.replace("\u0000", "\\u0000") + "\"}";
    assertThat(code(() -> parser.parse(body, false, "application/json", null)))
        .isEqualTo(ErrorCode.INVALID_S3_KEY);
  }

  @Test
  void multipartForm_shouldBeUnsupportedWithTheAcceptedTypesNamed() {
    assertThatThrownBy(() -> parser.parse("x", false, "multipart/form-data; boundary=b", null))
        .isInstanceOf(MenagerieException.class)
        .hasMessageContaining("image/jpeg")
        .hasMessageContaining("application/json");
  }

  private static ErrorCode code(Runnable action) {
    try {
      action.run();
    } catch (MenagerieException e) {
      return e.code();
    }
    throw new AssertionError("no MenagerieException");
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
