package app.billing.bench.jmh;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An SQS client whose HTTP layer answers SendMessage in memory, with the MD5 digests the SDK
 * checks, so a benchmark pays for everything the SDK does per call (marshalling, interceptors,
 * SigV4 signing, response parsing, MD5 validation) but no network.
 */
final class InMemorySqs implements SdkHttpClient {
  private InMemorySqs() {}

  static SqsClient client() {
    return SqsClient.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .endpointOverride(URI.create("http://sqs.in-memory"))
        .httpClient(new InMemorySqs())
        .build();
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        byte[] requestBody;
        try (InputStream in = request.contentStreamProvider().orElseThrow().newStream()) {
          requestBody = in.readAllBytes();
        }
        byte[] answer = sendMessageAnswer(requestBody);
        return HttpExecuteResponse.builder()
            .response(
                SdkHttpResponse.builder()
                    .statusCode(200)
                    .putHeader("Content-Type", "application/x-amz-json-1.0")
                    .putHeader("Content-Length", String.valueOf(answer.length))
                    .putHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                    .build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer)))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  private static byte[] sendMessageAnswer(byte[] requestBody) {
    JsonObject sent =
        JsonParser.parseString(new String(requestBody, StandardCharsets.UTF_8)).getAsJsonObject();
    JsonObject answer = new JsonObject();
    answer.addProperty("MessageId", UUID.randomUUID().toString());
    answer.addProperty(
        "MD5OfMessageBody",
        md5(sent.get("MessageBody").getAsString().getBytes(StandardCharsets.UTF_8)));
    if (sent.has("MessageAttributes")) {
      answer.addProperty(
          "MD5OfMessageAttributes", attributesMd5(sent.getAsJsonObject("MessageAttributes")));
    }
    answer.addProperty("SequenceNumber", "18849496460467696128");
    return answer.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * SQS's digest of string message attributes: sorted names, each length-prefixed field, transport
   * type 1.
   */
  private static String attributesMd5(JsonObject attributes) {
    Map<String, JsonElement> sorted = new TreeMap<>(attributes.asMap());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      for (Map.Entry<String, JsonElement> entry : sorted.entrySet()) {
        JsonObject attribute = entry.getValue().getAsJsonObject();
        putLengthPrefixed(out, entry.getKey());
        putLengthPrefixed(out, attribute.get("DataType").getAsString());
        out.writeByte(1);
        putLengthPrefixed(out, attribute.get("StringValue").getAsString());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return md5(bytes.toByteArray());
  }

  private static void putLengthPrefixed(DataOutputStream out, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String clientName() {
    return "InMemorySqs";
  }

  @Override
  public void close() {}
}
