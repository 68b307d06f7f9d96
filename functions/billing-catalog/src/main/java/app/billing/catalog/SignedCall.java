package app.billing.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * One AWS API request, signed with the SDK's SigV4 signer and sent with its url-connection HTTP
 * client: the pieces every function already carries for DynamoDB, instead of the SSM and S3 service
 * clients (their models for every operation made each function's jar several MB larger for one call
 * at init).
 */
final class SignedCall {
  /** The answer: status and body (an error body too; {@link RemoteCatalog} reads its code). */
  record Reply(int status, byte[] body) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  private SignedCall() {}

  /**
   * @param body sent and signed when present; a GET is signed over the empty payload
   * @param s3 S3's signing rules: the path is encoded once and not normalized
   */
  static Reply send(
      SdkHttpRequest request,
      Optional<byte[]> body,
      String signingName,
      String region,
      AwsCredentialsIdentity credentials,
      boolean s3)
      throws IOException {
    SignRequest<AwsCredentialsIdentity> signRequest =
        SignRequest.builder(credentials)
            .request(request)
            .payload(ContentStreamProvider.fromByteArray(body.orElse(new byte[0])))
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
            .putProperty(AwsV4HttpSigner.REGION_NAME, region)
            .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !s3)
            .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !s3)
            .build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(signRequest);
    HttpExecuteRequest.Builder execute = HttpExecuteRequest.builder().request(signed.request());
    // Only with a body: a GET given a content stream would be sent as a POST.
    body.ifPresent(b -> execute.contentStreamProvider(ContentStreamProvider.fromByteArray(b)));
    try (SdkHttpClient http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(5))
            .build()) {
      ExecutableHttpRequest call = http.prepareRequest(execute.build());
      HttpExecuteResponse response = call.call();
      byte[] bytes = new byte[0];
      if (response.responseBody().isPresent()) {
        try (InputStream in = response.responseBody().get()) {
          bytes = in.readAllBytes();
        }
      }
      return new Reply(response.httpResponse().statusCode(), bytes);
    }
  }
}
