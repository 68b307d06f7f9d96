package app.billing.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Fuzzes a body route end to end as an API function serves it ({@link ApiResponses#serve}): the
 * request as API Gateway passes it (text or base64, any header), {@link ApiRequest#body()}, the
 * route's parser, the mapping of what it throws. Every answer is a 200 or a 400 with the JSON error
 * shape; a 500 (an exception that is not an {@code ApiException}) is a finding.
 *
 * <p>Input: one flags byte (bit 0: portal instead of checkout; bit 1: base64; bit 2: the body
 * arrives base64-encoded as is, even when that is not valid base64), then the body.
 */
class ApiRequestFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void answersEveryBodyWith200OrAJson400(byte[] data) {
    if (data.length == 0) {
      return;
    }
    int flags = data[0] & 0xff;
    byte[] body = Arrays.copyOfRange(data, 1, data.length);
    boolean portal = (flags & 1) != 0;
    boolean base64 = (flags & 2) != 0;
    String wireBody =
        !base64
            ? new String(body, StandardCharsets.UTF_8)
            : (flags & 4) != 0
                ? new String(body, StandardCharsets.ISO_8859_1)
                : Base64.getEncoder().encodeToString(body);
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder()
            .withRawPath(portal ? "/billing/portal" : "/billing/checkout")
            .withHeaders(
                Map.of("content-type", base64 ? "application/octet-stream" : "application/json"))
            .withRequestContext(
                APIGatewayV2HTTPEvent.RequestContext.builder()
                    .withHttp(
                        APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                            .withMethod("POST")
                            .build())
                    .build())
            .withBody(wireBody)
            .withIsBase64Encoded(base64)
            .build();

    APIGatewayV2HTTPResponse response =
        ApiResponses.serve(
            event,
            null,
            request -> {
              Object parsed =
                  portal
                      ? RequestBodies.portal(request.body())
                      : RequestBodies.checkout(request.body());
              return ApiResponses.json(200, Map.of("parsed", parsed.getClass().getSimpleName()));
            });

    int status = response.getStatusCode();
    check(status == 200 || status == 400, "answered " + status + ": " + response.getBody());
    JsonObject json = JsonParser.parseString(response.getBody()).getAsJsonObject();
    if (status == 400) {
      JsonObject error = json.getAsJsonObject("error");
      check(
          error != null && error.has("code") && error.has("message"), "a 400 has the error shape");
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
