package dev.menagerie.local.cli;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Authorises the CLI's calls to the HTTP API. Locally nothing is needed. Against a deployed stack
 * ({@code --stack}) every route needs IAM (SigV4 for {@code execute-api}, signed with the default
 * credential chain) or, when the stack uses JWT, a bearer token from {@code MENAGERIE_TOKEN}.
 */
final class ApiAuth {
  /** Headers java.net.http sets itself and refuses from callers (Host is signed as the URI's). */
  private static final Set<String> RESTRICTED =
      Set.of("host", "content-length", "connection", "expect", "upgrade");

  /** The region a deployed stack's requests are signed for; empty: the local API. */
  private final Optional<String> signingRegion;

  private ApiAuth(Optional<String> signingRegion) {
    this.signingRegion = signingRegion;
  }

  /** The local API: no authorisation. */
  static ApiAuth local() {
    return new ApiAuth(Optional.empty());
  }

  /** A deployed stack's API in {@code region}: a bearer token or SigV4. */
  static ApiAuth deployed(String region) {
    return new ApiAuth(Optional.of(region));
  }

  /** What to add to "the API does not answer": locally, whether {@code up} is running. */
  String hint() {
    return signingRegion.isEmpty() ? "; is `./menagerie up` running?" : "";
  }

  /** Adds what the request needs to {@code builder}: nothing locally. */
  HttpRequest.Builder apply(
      HttpRequest.Builder builder, String method, URI uri, String contentType, byte[] body) {
    if (signingRegion.isEmpty()) {
      return builder;
    }
    String token = System.getenv("MENAGERIE_TOKEN");
    if (token != null && !token.isBlank()) {
      return builder.header("Authorization", "Bearer " + token.strip());
    }
    AwsCredentialsIdentity credentials = DefaultCredentialsProvider.create().resolveCredentials();
    sign(method, uri, contentType, body, credentials, signingRegion.get())
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> builder.header(name, v));
              }
            });
    return builder;
  }

  /** The SigV4 ({@code execute-api}) headers of a request: Authorization, X-Amz-Date, .... */
  static Map<String, List<String>> sign(
      String method,
      URI uri,
      String contentType,
      byte[] body,
      AwsCredentialsIdentity credentials,
      String region) {
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    byte[] payload = body == null ? new byte[0] : body;
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(credentials)
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(payload))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    return signed.request().headers();
  }
}
