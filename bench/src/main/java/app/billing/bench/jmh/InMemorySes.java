package app.billing.bench.jmh;

import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * An SES v2 client whose HTTP layer answers SendEmail in memory, so a benchmark that sends an email
 * pays for everything the SDK does per send (marshalling the message, SigV4 signing, response
 * parsing) but no network. Counts the requests, so a benchmark can check that its path really sent.
 */
final class InMemorySes implements SdkHttpClient {
  final AtomicLong sends = new AtomicLong();

  SesV2Client client() {
    return SesV2Client.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .endpointOverride(URI.create("http://email.in-memory"))
        .httpClient(this)
        .build();
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        try (InputStream in = request.contentStreamProvider().orElseThrow().newStream()) {
          in.readAllBytes();
        }
        if (!request.httpRequest().encodedPath().equals("/v2/email/outbound-emails")) {
          throw new IOException("not SendEmail: " + request.httpRequest().encodedPath());
        }
        sends.incrementAndGet();
        JsonObject answer = new JsonObject();
        answer.addProperty("MessageId", UUID.randomUUID().toString());
        byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
            .response(
                SdkHttpResponse.builder()
                    .statusCode(200)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Content-Length", String.valueOf(bytes.length))
                    .putHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                    .build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public String clientName() {
    return "InMemorySes";
  }

  @Override
  public void close() {}
}
