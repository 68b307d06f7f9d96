package app.billing.webhook;

import static app.billing.testkit.story.Story.STARTER_PRODUCT_CREATED;
import static app.billing.testkit.story.Story.TRIAL_CHECKOUT_COMPLETED;
import static app.billing.testkit.story.Story.TRIAL_INVOICE_PAID;
import static app.billing.webhook.Fixtures.CLOCK;
import static app.billing.webhook.Fixtures.NOW;
import static app.billing.webhook.Fixtures.OLD_SECRET;
import static app.billing.webhook.Fixtures.SECRET;
import static app.billing.webhook.Fixtures.nonAsciiCheckout;
import static app.billing.webhook.Fixtures.stripeEvent;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.config.StripeMode;
import app.billing.core.log.LogKeys;
import app.billing.core.port.EventQueue.MessageRefusedException;
import app.billing.core.port.EventQueue.MessageRefusedException.Reason;
import app.billing.core.port.EventQueue.QueueUnavailableException;
import app.billing.core.webhook.WebhookOutcome;
import app.billing.http.WebhookResponses;
import app.billing.testkit.StripeSignatures;
import app.billing.testkit.story.Story;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

class WebhookServiceTest {
  private static final int MAX_BODY = 262_144;

  private final FakeEventQueue queue = new FakeEventQueue();

  private WebhookService service(List<String> secrets) {
    return new WebhookService(
        new StripeSignatureVerifier(secrets, StripeSignatureVerifier.DEFAULT_TOLERANCE, CLOCK),
        queue,
        MAX_BODY,
        StripeMode.TEST);
  }

  private final WebhookService service = service(List.of(SECRET));

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  private static String sign(String payload) {
    return StripeSignatures.header(payload, SECRET, NOW.getEpochSecond());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A refusal as the caller sees it: the HTTP layer's status and error body for the outcome. */
  record Refusal(int status, String code, String message, String json) {}

  private static Refusal error(WebhookOutcome outcome) {
    assertThat(outcome)
        .isNotInstanceOfAny(
            WebhookOutcome.Enqueued.class,
            WebhookOutcome.Ignored.class,
            WebhookOutcome.OtherMode.class);
    APIGatewayV2HTTPResponse response = WebhookResponses.of(outcome);
    JsonObject error =
        JsonParser.parseString(response.getBody()).getAsJsonObject().getAsJsonObject("error");
    return new Refusal(
        response.getStatusCode(),
        error.get("code").getAsString(),
        error.get("message").getAsString(),
        response.getBody());
  }

  @Test
  void enqueuesAHandledEventWithItsExactBody() {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);

    WebhookOutcome result = service.handle(utf8(payload), sign(payload));

    assertThat(result).isInstanceOf(WebhookOutcome.Enqueued.class);
    var received = (WebhookOutcome.Enqueued) result;
    assertThat(received.envelope().id()).isEqualTo("evt_1aWs8MSb7kQ2wLn5dpkPYNg1");
    assertThat(queue.sent())
        .singleElement()
        .satisfies(
            sent -> {
              assertThat(sent.payload()).isEqualTo(payload);
              assertThat(sent.envelope().type()).isEqualTo("checkout.session.completed");
              assertThat(sent.envelope().orderingKey()).isEqualTo("cus_1BREyS0ms3pllo");
            });
    assertThat(MDC.get("eventId")).isEqualTo("evt_1aWs8MSb7kQ2wLn5dpkPYNg1");
    assertThat(MDC.get("eventType")).isEqualTo("checkout.session.completed");
    assertThat(MDC.get("outcome")).isEqualTo("enqueued");
  }

  @Test
  void acknowledgesAnEventOfTheOtherModeWithoutEnqueueingIt() {
    String testEvent = stripeEvent(Story.TRIAL_CHECKOUT_COMPLETED);
    String liveEvent = testEvent.replace("\"livemode\": false", "\"livemode\": true");
    assertThat(liveEvent).contains("\"livemode\": true");

    assertThat(service.handle(utf8(liveEvent), sign(liveEvent)))
        .isInstanceOfSatisfying(
            WebhookOutcome.OtherMode.class,
            o -> {
              assertThat(o.envelope().livemode()).isTrue();
              assertThat(o.deploymentMode()).isEqualTo(StripeMode.TEST);
            });
    assertThat(queue.sent()).isEmpty();
    assertThat(MDC.get(LogKeys.OUTCOME)).isEqualTo("other_mode");

    // A live deployment takes the live event and skips the test one.
    WebhookService live =
        new WebhookService(
            new StripeSignatureVerifier(
                List.of(SECRET), StripeSignatureVerifier.DEFAULT_TOLERANCE, CLOCK),
            queue,
            MAX_BODY,
            StripeMode.LIVE);
    assertThat(live.handleText(testEvent, sign(testEvent)))
        .isInstanceOf(WebhookOutcome.OtherMode.class);
    assertThat(live.handleText(liveEvent, sign(liveEvent)))
        .isInstanceOf(WebhookOutcome.Enqueued.class);
    assertThat(queue.sent())
        .singleElement()
        .satisfies(s -> assertThat(s.payload()).isEqualTo(liveEvent));
  }

  @ParameterizedTest
  @EnumSource(names = {"CUSTOMER_DELETED", "STARTER_ENTITLEMENTS_GRANTED", "TRIAL_INVOICE_PAID"})
  void ordersEveryHandledEventByItsCustomer(Story fixture) {
    String payload = stripeEvent(fixture);

    service.handle(utf8(payload), sign(payload));

    assertThat(queue.sent())
        .singleElement()
        .satisfies(
            sent -> assertThat(sent.envelope().orderingKey()).isEqualTo("cus_1BREyS0ms3pllo"));
  }

  @Test
  void acknowledgesAnUnhandledTypeWithoutEnqueueing() {
    String payload = stripeEvent(STARTER_PRODUCT_CREATED);

    WebhookOutcome result = service.handle(utf8(payload), sign(payload));

    assertThat(result).isInstanceOf(WebhookOutcome.Ignored.class);
    assertThat(queue.sent()).isEmpty();
    assertThat(MDC.get("outcome")).isEqualTo("ignored");
  }

  @Test
  void verifiesTheRawBytesNotAReserializedForm() {
    // Non-ASCII and unusual whitespace survive only if the exact bytes are verified and enqueued.
    String payload =
        stripeEvent(TRIAL_CHECKOUT_COMPLETED)
            .replace("\"Austin\"", "\"Zürich – Ōsaka 😀\"")
            .replace("\n", "\r\n\t ");

    WebhookOutcome result = service.handle(utf8(payload), sign(payload));

    assertThat(result).isInstanceOf(WebhookOutcome.Enqueued.class);
    assertThat(queue.sent())
        .singleElement()
        .satisfies(s -> assertThat(s.payload()).isEqualTo(payload));
  }

  @Test
  void rejectsATamperedBody() {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    String tampered = payload.replace("\"amount_total\": 0", "\"amount_total\": 1");
    assertThat(tampered).isNotEqualTo(payload);

    Refusal error = error(service.handle(utf8(tampered), sign(payload)));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.code()).isEqualTo("invalid_signature");
    assertThat(queue.sent()).isEmpty();
    assertThat(MDC.get("outcome")).isEqualTo("rejected");
  }

  @Test
  void rejectsASignatureMadeWithAnotherSecret() {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    String header = StripeSignatures.header(payload, "whsec_someone_else", NOW.getEpochSecond());

    assertThat(error(service.handle(utf8(payload), header)).code()).isEqualTo("invalid_signature");
    assertThat(queue.sent()).isEmpty();
  }

  @Test
  void acceptsAnyConfiguredSecretDuringRotation() {
    WebhookService rotating = service(List.of(OLD_SECRET, SECRET));
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);

    WebhookOutcome result = rotating.handle(utf8(payload), sign(payload));

    assertThat(result).isInstanceOf(WebhookOutcome.Enqueued.class);
    assertThat(queue.sent()).hasSize(1);
  }

  @Test
  void rejectsASignatureOlderThanTheTolerance() {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    String header = StripeSignatures.header(payload, SECRET, NOW.getEpochSecond() - 301);

    assertThat(error(service.handle(utf8(payload), header)).code()).isEqualTo("invalid_signature");
    assertThat(queue.sent()).isEmpty();
  }

  @Test
  void acceptsASignatureExactlyAtTheTolerance() {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    String header = StripeSignatures.header(payload, SECRET, NOW.getEpochSecond() - 300);

    assertThat(service.handle(utf8(payload), header)).isInstanceOf(WebhookOutcome.Enqueued.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void rejectsAMissingSignatureWithItsOwnCode(String blank) {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);

    assertThat(error(service.handle(utf8(payload), null)).code()).isEqualTo("missing_signature");
    assertThat(error(service.handle(utf8(payload), blank)).code()).isEqualTo("missing_signature");
    assertThat(queue.sent()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "garbage",
        "t=abc,v1=00",
        "t=,v1=",
        "v1=abc",
        "t=1788271500",
        ",,,",
        "t=99999999999999999999,v1=0"
      })
  void rejectsAMalformedSignatureAsInvalidNotAsAServerError(String header) {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);

    Refusal error = error(service.handle(utf8(payload), header));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.code()).isEqualTo("invalid_signature");
  }

  @Test
  void refusesAnOversizedBodyBeforeLookingAtTheSignature() {
    byte[] body = new byte[MAX_BODY + 1];
    java.util.Arrays.fill(body, (byte) ' ');

    Refusal error = error(service.handle(body, null));

    assertThat(error.status()).isEqualTo(413);
    assertThat(error.code()).isEqualTo("payload_too_large");
    assertThat(queue.sent()).isEmpty();
  }

  @Test
  void acceptsABodyOfExactlyTheLimit() {
    String event = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    String payload = event + " ".repeat(MAX_BODY - utf8(event).length);
    assertThat(utf8(payload)).hasSize(MAX_BODY);

    assertThat(service.handle(utf8(payload), sign(payload)))
        .isInstanceOf(WebhookOutcome.Enqueued.class);
  }

  @Test
  void rejectsAnEmptyBody() {
    Refusal empty = error(service.handle(new byte[0], sign("")));
    Refusal none = error(service.handle(null, null));

    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.code()).isEqualTo("empty_body");
    assertThat(none.code()).isEqualTo("empty_body");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json at all",
        "{\"id\": \"evt_1\", \"object\": \"event\"",
        "[1, 2, 3]",
        "{\"hello\": \"world\"}",
        "{\"id\": \"cus_123\", \"object\": \"customer\", \"type\": \"customer.updated\", \"created\": 1}",
        "{\"id\": \"evt_123\", \"object\": \"event\", \"type\": \"customer.updated\", \"created\": 1}"
      })
  void rejectsACorrectlySignedBodyThatIsNotAStripeEvent(String payload) {
    Refusal error = error(service.handle(utf8(payload), sign(payload)));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.code()).isEqualTo("invalid_event");
    assertThat(queue.sent()).isEmpty();
  }

  @Test
  void answers500WhenTheQueueIsDownSoStripeRetries() {
    queue.failWith(new QueueUnavailableException("SQS down", new RuntimeException("refused")));
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);

    Refusal error = error(service.handle(utf8(payload), sign(payload)));

    assertThat(error.status()).isEqualTo(500);
    assertThat(error.code()).isEqualTo("queue_unavailable");
    assertThat(MDC.get("outcome")).isEqualTo("queue_unavailable");
  }

  @Test
  void answers413WhenTheQueueRefusesTheEventForGoodAsTooLarge() {
    queue.failWith(new MessageRefusedException(Reason.TOO_LARGE, "1048577 bytes", null));
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);

    Refusal error = error(service.handle(utf8(payload), sign(payload)));

    assertThat(error.status()).isEqualTo(413);
    assertThat(error.code()).isEqualTo("payload_too_large");
    assertThat(MDC.get("outcome")).isEqualTo("refused_by_queue");
  }

  @Test
  void answers400WhenTheQueueRefusesTheEventsContentForGood() {
    queue.failWith(
        new MessageRefusedException(Reason.INVALID_CONTENT, "InvalidMessageContents", null));
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);

    Refusal error = error(service.handleText(payload, sign(payload)));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.code()).isEqualTo("invalid_event");
  }

  @Test
  void doesNotTouchTheQueueForAnUnhandledTypeEvenWhenItIsDown() {
    queue.failWith(new QueueUnavailableException("SQS down", null));
    String payload = stripeEvent(STARTER_PRODUCT_CREATED);

    assertThat(service.handle(utf8(payload), sign(payload)))
        .isInstanceOf(WebhookOutcome.Ignored.class);
  }

  // A body API Gateway passed as text is verified and enqueued as is, without a trip through bytes.

  @Test
  void verifiesATextBodyByItsUtf8BytesAndEnqueuesItAsIs() {
    String payload = nonAsciiCheckout();
    assertThat(utf8(payload).length).isGreaterThan(payload.length());

    WebhookOutcome result = service.handleText(payload, sign(payload));

    assertThat(result)
        .isInstanceOfSatisfying(
            WebhookOutcome.Enqueued.class,
            r -> {
              assertThat(r.envelope().id()).isEqualTo("evt_1aWs8MSb7kQ2wLn5dpkPYNg1");
              assertThat(r.envelope().orderingKey()).isEqualTo("cus_1BREyS0ms3pllo");
            });
    assertThat(queue.sent())
        .singleElement()
        .satisfies(s -> assertThat(s.payload()).isSameAs(payload));
  }

  @Test
  void rejectsATamperedTextBody() {
    String payload = nonAsciiCheckout();
    String signature = sign(payload);

    Refusal error = error(service.handleText(payload.replace("Zürich", "Zurich"), signature));

    assertThat(error.code()).isEqualTo("invalid_signature");
    assertThat(queue.sent()).isEmpty();
  }

  @Test
  void limitsATextBodyByItsUtf8BytesNotItsChars() {
    String event = nonAsciiCheckout();
    String atTheLimit = event + " ".repeat(MAX_BODY - utf8(event).length);
    String overByOneByte = atTheLimit.substring(0, atTheLimit.length() - 1) + "é";
    assertThat(utf8(atTheLimit)).hasSize(MAX_BODY);
    assertThat(utf8(overByOneByte)).hasSize(MAX_BODY + 1);
    assertThat(overByOneByte.length()).isLessThan(MAX_BODY);

    assertThat(service.handleText(atTheLimit, sign(atTheLimit)))
        .isInstanceOf(WebhookOutcome.Enqueued.class);
    Refusal error = error(service.handleText(overByOneByte, sign(overByOneByte)));
    assertThat(error.status()).isEqualTo(413);
    assertThat(error.code()).isEqualTo("payload_too_large");
  }

  @Test
  void refusesAnEmptyOrUnsignedTextBody() {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);

    assertThat(error(service.handleText("", sign(""))).code()).isEqualTo("empty_body");
    assertThat(error(service.handleText(null, null)).code()).isEqualTo("empty_body");
    assertThat(error(service.handleText(payload, null)).code()).isEqualTo("missing_signature");
    assertThat(error(service.handleText(payload, " ")).code()).isEqualTo("missing_signature");
    assertThat(queue.sent()).isEmpty();
  }

  // Issue 14: the signature covers the exact bytes, and its timestamp is bounded both ways.

  @Test
  void refusesSignedBytesThatAreNotUtf8AsAnInvalidBody() {
    byte[] body =
        StripeSignatureVerifierTest.bytes(
            stripeEvent(TRIAL_CHECKOUT_COMPLETED).replace("\"Austin\"", "\"Aus"), 0xFF, "tin\"");
    String header = StripeSignatures.header(body, SECRET, NOW.getEpochSecond());

    Refusal error = error(service.handle(body, header));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.code()).isEqualTo("invalid_body");
    assertThat(error.message()).contains("UTF-8");
    assertThat(queue.sent()).isEmpty();
  }

  @Test
  void refusesOtherBytesThatDecodeToTheSameText() {
    String event = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    byte[] signed =
        StripeSignatureVerifierTest.bytes(event.replace("\"Austin\"", "\"Aus"), 0xFF, "tin\"");
    byte[] other =
        StripeSignatureVerifierTest.bytes(event.replace("\"Austin\"", "\"Aus"), 0xFE, "tin\"");
    String decoded = new String(signed, StandardCharsets.UTF_8);
    assertThat(new String(other, StandardCharsets.UTF_8)).isEqualTo(decoded);

    // Signed over the exact bytes, or over the text with U+FFFD in place: neither passes for other
    // bytes.
    assertThat(
            error(
                    service.handle(
                        other, StripeSignatures.header(signed, SECRET, NOW.getEpochSecond())))
                .code())
        .isEqualTo("invalid_signature");
    assertThat(error(service.handle(other, sign(decoded))).code()).isEqualTo("invalid_signature");
    assertThat(queue.sent()).isEmpty();
  }

  @Test
  void acceptsAGenuineReplacementCharacter() {
    String payload =
        stripeEvent(TRIAL_CHECKOUT_COMPLETED).replace("\"Austin\"", "\"Aus\uFFFDtin\"");

    assertThat(service.handle(utf8(payload), sign(payload)))
        .isInstanceOf(WebhookOutcome.Enqueued.class);
    assertThat(service.handleText(payload, sign(payload)))
        .isInstanceOf(WebhookOutcome.Enqueued.class);
    assertThat(queue.sent()).hasSize(2).allSatisfy(s -> assertThat(s.payload()).isEqualTo(payload));
  }

  @Test
  void refusesATextBodyWithAnUnpairedSurrogate() {
    // Its UTF-8 form would hold '?' in place of the surrogate: no bytes anyone could have signed.
    String payload =
        stripeEvent(TRIAL_CHECKOUT_COMPLETED).replace("\"Austin\"", "\"Aus\uD800tin\"");
    String signedWithQuestionMark = sign(new String(utf8(payload), StandardCharsets.UTF_8));

    Refusal error = error(service.handleText(payload, signedWithQuestionMark));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.code()).isEqualTo("invalid_body");
    assertThat(queue.sent()).isEmpty();
  }

  @Test
  void refusesASignatureFromTheFuture() {
    String payload = stripeEvent(TRIAL_CHECKOUT_COMPLETED);
    long tenYears = java.time.Duration.ofDays(3653).toSeconds();

    for (long ahead : new long[] {tenYears, 301}) {
      String header = StripeSignatures.header(payload, SECRET, NOW.getEpochSecond() + ahead);
      assertThat(error(service.handle(utf8(payload), header)).code())
          .isEqualTo("invalid_signature");
      assertThat(error(service.handleText(payload, header)).code()).isEqualTo("invalid_signature");
    }
    String header = StripeSignatures.header(payload, SECRET, NOW.getEpochSecond() + 300);
    assertThat(service.handleText(payload, header)).isInstanceOf(WebhookOutcome.Enqueued.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0008", "\u0000", "\u001F", "\uFFFE", "\uFFFF"})
  void refusesASignedBodyHoldingACharacterSqsRefuses(String character) {
    // Found by WebhookHandlerFuzzTest: a raw control character inside a string (Gson reads it).
    String payload =
        stripeEvent(TRIAL_CHECKOUT_COMPLETED).replace("\"Austin\"", "\"Aus" + character + "tin\"");

    for (WebhookOutcome result :
        List.of(
            service.handle(utf8(payload), sign(payload)),
            service.handleText(payload, sign(payload)))) {
      Refusal error = error(result);
      assertThat(error.status()).isEqualTo(400);
      assertThat(error.code()).isEqualTo("invalid_body");
    }
    assertThat(queue.sent()).isEmpty();
  }

  @Test
  void acceptsControlCharactersWrittenAsEscapes() {
    String payload =
        stripeEvent(TRIAL_CHECKOUT_COMPLETED).replace("\"Austin\"", "\"Aus\\u0008\\uFFFFtin\"\t");

    assertThat(service.handle(utf8(payload), sign(payload)))
        .isInstanceOf(WebhookOutcome.Enqueued.class);
    assertThat(queue.sent())
        .singleElement()
        .satisfies(s -> assertThat(s.payload()).isEqualTo(payload));
  }

  // Issue 14: signed but absurd events are refused with a 400 naming the problem, never enqueued.

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1e999999999",
        "-1",
        "0",
        "1.2e29",
        "1788271436.5",
        "17882714360000",
        "4102444801"
      })
  void refusesAnAbsurdCreated(String created) {
    String payload =
        stripeEvent(TRIAL_INVOICE_PAID)
            .replaceFirst("\"created\": 1788271437", "\"created\": " + created);
    assertThat(payload).contains("\"created\": " + created);

    assertRefusedAsInvalidEvent(payload, "created");
  }

  @Test
  void refusesAnAmountBeyondSixtyFourBits() {
    String payload =
        stripeEvent(TRIAL_INVOICE_PAID).replace("\"amount_paid\": 0", "\"amount_paid\": 1e30");

    assertRefusedAsInvalidEvent(payload, "$.data.object.amount_paid");
    String digits =
        stripeEvent(TRIAL_INVOICE_PAID)
            .replace("\"amount_paid\": 0", "\"amount_paid\": 1" + "0".repeat(30));
    assertRefusedAsInvalidEvent(digits, "$.data.object.amount_paid");
  }

  @Test
  void refusesMetadataNestedFortyThousandLevelsDeep() {
    String deep = "{\"a\":".repeat(40_000) + "1" + "}".repeat(40_000);
    String payload =
        stripeEvent(TRIAL_CHECKOUT_COMPLETED)
            .replaceFirst("\"metadata\": \\{[^}]*}", "\"metadata\": " + deep);
    assertThat(payload).contains(deep);

    assertRefusedAsInvalidEvent(payload, "deeper than 64 levels");
  }

  private void assertRefusedAsInvalidEvent(String payload, String named) {
    for (WebhookOutcome result :
        List.of(
            service.handle(utf8(payload), sign(payload)),
            service.handleText(payload, sign(payload)))) {
      Refusal error = error(result);
      assertThat(error.status()).isEqualTo(400);
      assertThat(error.code()).isEqualTo("invalid_event");
      assertThat(error.message()).contains(named);
      assertThat(error.json()).startsWith("{\"error\":{\"code\":\"invalid_event\"");
    }
    assertThat(queue.sent()).isEmpty();
  }
}
