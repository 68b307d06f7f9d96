package app.billing.webhook.handler;

import app.billing.core.config.StripeMode;
import app.billing.core.event.EventEnvelope;
import app.billing.core.event.EventEnvelopeReader;
import app.billing.core.event.NotAStripeEventException;
import app.billing.testkit.StripeSignatures;
import app.billing.webhook.FakeEventQueue;
import app.billing.webhook.Fixtures;
import app.billing.webhook.StripeSignatureVerifier;
import app.billing.webhook.WebhookService;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes {@code POST /webhooks/stripe} through {@link WebhookHandler}: arbitrary bodies and
 * headers, signed and unsigned. The target signs the fuzzed body itself (as Stripe would) so that
 * the envelope reader and the queue are reached, not only the signature check.
 *
 * <p>Findings: any answer but 200, 400, 405 or 413 (a 500 here is a bug: the queue never fails); an
 * error body without the JSON error shape; anything enqueued that was not signed with our secret
 * within the tolerance, that differs from the bytes signed, or that SQS would refuse (a body
 * character outside its set, a group or deduplication id outside its alphabet or over 128).
 *
 * <p>Input: a flags byte, then the body. Bit 0: sign the body; bit 1: send it base64-encoded (as
 * API Gateway does for non-text content types), else as text; bit 2: the first line is a fuzzed
 * {@code Stripe-Signature} (appended to the real one when signing); bit 3: sign at a skewed time
 * (seconds from the last two bytes, either way); bit 4: a text body is the input's UTF-16 (which
 * may hold unpaired surrogates), signed as its {@code getBytes(UTF_8)}.
 */
class WebhookHandlerFuzzTest {
  private static final long NOW = Fixtures.NOW.getEpochSecond();
  private static final long TOLERANCE = StripeSignatureVerifier.DEFAULT_TOLERANCE.toSeconds();
  private static final StripeSignatureVerifier VERIFIER =
      new StripeSignatureVerifier(
          List.of(Fixtures.SECRET), StripeSignatureVerifier.DEFAULT_TOLERANCE, Fixtures.CLOCK);

  @FuzzTest(maxDuration = "20s")
  void answersEveryDeliveryAndEnqueuesOnlyGenuineSaneEvents(byte[] data) {
    if (data.length == 0) {
      return;
    }
    int flags = data[0] & 0xff;
    boolean sign = (flags & 1) != 0;
    boolean base64 = (flags & 2) != 0;
    boolean fuzzedHeader = (flags & 4) != 0;
    boolean skewed = (flags & 8) != 0;
    boolean utf16 = (flags & 16) != 0;

    int start = 1;
    String headerPart = null;
    if (fuzzedHeader) {
      int end = 1;
      while (end < data.length && data[end] != '\n') {
        end++;
      }
      headerPart = new String(data, 1, end - 1, StandardCharsets.ISO_8859_1);
      start = Math.min(data.length, end + 1);
    }
    byte[] raw = Arrays.copyOfRange(data, start, data.length);
    String text =
        utf16
            ? new String(raw, StandardCharsets.UTF_16BE)
            : new String(raw, StandardCharsets.UTF_8);
    byte[] signed = base64 ? raw : text.getBytes(StandardCharsets.UTF_8);
    long skew =
        skewed && data.length >= 2
            ? (short) ((data[data.length - 1] << 8) | (data[data.length - 2] & 0xff))
            : 0;
    String header = sign ? StripeSignatures.header(signed, Fixtures.SECRET, NOW + skew) : null;
    if (headerPart != null) {
      header = header == null ? headerPart : header + "," + headerPart;
    }

    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", base64 ? "application/octet-stream" : "application/json");
    if (header != null) {
      headers.put("stripe-signature", header);
    }
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder()
            .withRawPath("/webhooks/stripe")
            .withHeaders(headers)
            .withRequestContext(
                APIGatewayV2HTTPEvent.RequestContext.builder()
                    .withHttp(
                        APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                            .withMethod("POST")
                            .build())
                    .build())
            .withBody(base64 ? Base64.getEncoder().encodeToString(raw) : text)
            .withIsBase64Encoded(base64)
            .build();
    FakeEventQueue queue = new FakeEventQueue();
    WebhookHandler handler =
        new WebhookHandler(new WebhookService(VERIFIER, queue, 262_144, StripeMode.TEST));

    APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);

    int status = response.getStatusCode();
    check(
        status == 200 || status == 400 || status == 405 || status == 413,
        "answered " + status + ": " + response.getBody());
    JsonObject json = JsonParser.parseString(response.getBody()).getAsJsonObject();
    if (status != 200) {
      JsonObject error = json.getAsJsonObject("error");
      check(
          error != null && error.has("code") && error.has("message"),
          "an error has the JSON error shape");
      check(queue.sent().isEmpty(), "nothing is enqueued for a refusal");
      return;
    }
    check(sign, "an unsigned body was acknowledged");
    check(Math.abs(skew) <= TOLERANCE, "a signature " + skew + " s off was acknowledged");
    for (FakeEventQueue.Sent sent : queue.sent()) {
      check(
          Arrays.equals(sent.payload().getBytes(StandardCharsets.UTF_8), signed),
          "the enqueued body is not the bytes signed");
      check(sqsBody(sent.payload()), "SQS would refuse the body's characters");
      check(
          sqsId(sent.envelope().id()) && sqsId(sent.envelope().orderingKey()),
          "SQS would refuse the group or deduplication id");
      EventEnvelope again;
      try {
        again = EventEnvelopeReader.read(sent.payload());
      } catch (NotAStripeEventException e) {
        throw new AssertionError(
            "provisioning could not read what was enqueued: " + e.getMessage());
      }
      check(again.equals(sent.envelope()), "provisioning reads the same envelope");
    }
  }

  /** The characters SQS accepts in a message body. */
  private static boolean sqsBody(String body) {
    for (int i = 0; i < body.length(); ) {
      int c = body.codePointAt(i);
      boolean allowed =
          c == 0x9
              || c == 0xA
              || c == 0xD
              || (c >= 0x20 && c <= 0xD7FF)
              || (c >= 0xE000 && c <= 0xFFFD)
              || (c >= 0x10000 && c <= 0x10FFFF);
      if (!allowed) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }

  /** What SQS takes as a message group or deduplication id. */
  private static boolean sqsId(String id) {
    if (id == null || id.isEmpty() || id.length() > 128) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
