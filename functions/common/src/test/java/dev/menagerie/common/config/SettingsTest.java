package dev.menagerie.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void validate_shouldNameEveryBadVariableAtOnce() {
    Settings settings = new Settings(Map.of("TOP_K_MAX", "many", "LIMIT", "0", "URL", "not a url"));
    settings.required("BUCKET_NAME");
    settings.intValue("TOP_K_MAX", 20, 1, 100);
    settings.longValue("LIMIT", 5, 1, 10);
    settings.uri("URL");

    assertThatThrownBy(() -> settings.validate("the classify function"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("BUCKET_NAME is required")
        .hasMessageContaining("TOP_K_MAX=many is not a whole number")
        .hasMessageContaining("LIMIT=0 is outside 1..10")
        .hasMessageContaining("URL=not a url");
  }

  @Test
  void values_shouldFallBackWhenAbsent() {
    Settings settings = new Settings(Map.of("N", "7"));
    assertThat(settings.intValue("N", 1, 1, 10)).isEqualTo(7);
    assertThat(settings.intValue("M", 3, 1, 10)).isEqualTo(3);
    assertThat(settings.optional("X", "d")).isEqualTo("d");
    settings.validate("test");
  }

  @Test
  void awsSettings_shouldReadTheSdkVariables() {
    AwsSettings aws =
        AwsSettings.from(
            new Settings(
                Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000")));
    assertThat(aws.region()).isEqualTo("eu-west-1");
    assertThat(aws.s3Endpoint()).hasValueSatisfying(u -> assertThat(u.getPort()).isEqualTo(9000));
    assertThat(aws.dynamoDbEndpoint()).isEmpty();
  }
}
