package dev.menagerie.tests.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.menagerie.classify.ClassifyRequest;
import dev.menagerie.classify.ClassifyRequestParser;
import dev.menagerie.common.error.MenagerieException;
import java.util.HashMap;
import java.util.Map;

/**
 * Any body, content type, base64 flag and topK given to the classify request parser end in a
 * request within the limits or a {@link MenagerieException} with a client-error code.
 */
class ClassifyRequestFuzzTest {
  private static final int MAX_BYTES = 64 * 1024;
  private static final int TOP_K_MAX = 20;
  private static final ClassifyRequestParser PARSER =
      new ClassifyRequestParser(MAX_BYTES, 5, TOP_K_MAX);
  private static final String[] TYPES = {
    "application/json", "image/jpeg", "application/json; charset=utf-8", "text/html", "", null
  };

  @FuzzTest(maxDuration = "2m")
  void parse_shouldGiveAValidRequestOrAClientError(FuzzedDataProvider data) {
    boolean base64 = data.consumeBoolean();
    String contentType = data.consumeBoolean() ? data.pickValue(TYPES) : data.consumeString(40);
    Map<String, String> query = new HashMap<>();
    if (data.consumeBoolean()) {
      query.put("topK", data.consumeString(12));
    }
    String body = data.consumeRemainingAsString();
    try {
      ClassifyRequest request = PARSER.parse(body, base64, contentType, query);
      assertThat(request.topK()).isBetween(1, TOP_K_MAX);
      assertThat(request.image().isPresent()).isNotEqualTo(request.s3Key().isPresent());
      request.image().ifPresent(bytes -> assertThat(bytes.length).isBetween(1, MAX_BYTES));
      request.s3Key().ifPresent(key -> assertThat(key).startsWith("inbox/").doesNotContain(".."));
    } catch (MenagerieException e) {
      assertThat(e.code().isClientError()).as(e.code() + ": " + e.getMessage()).isTrue();
    }
  }
}
