package app.billing.http;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.config.StripeMode;
import app.billing.core.event.EventEnvelope;
import app.billing.core.port.EventQueue.MessageRefusedException;
import app.billing.core.webhook.WebhookOutcome;
import app.billing.core.webhook.WebhookOutcome.Reason;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The webhook's table: every outcome to the status and body Stripe gets. */
class WebhookResponsesTest {
  private static final EventEnvelope EVENT =
      new EventEnvelope("evt_1", "invoice.paid", 1_700_000_000L, "cus_1", "in_1", true);

  static Stream<Arguments> outcomes() {
    return Stream.of(
        Arguments.of(
            new WebhookOutcome.Enqueued(EVENT), 200, "{\"received\":true,\"enqueued\":true}"),
        Arguments.of(
            new WebhookOutcome.Ignored(EVENT), 200, "{\"received\":true,\"enqueued\":false}"),
        Arguments.of(
            new WebhookOutcome.OtherMode(EVENT, StripeMode.TEST),
            200,
            "{\"received\":true,\"enqueued\":false}"),
        Arguments.of(
            new WebhookOutcome.TooLarge(1024),
            413,
            error("payload_too_large", "The request body is larger than 1024 bytes.")),
        Arguments.of(
            new WebhookOutcome.Rejected(Reason.EMPTY_BODY),
            400,
            error("empty_body", "The request body is empty.")),
        Arguments.of(
            new WebhookOutcome.Rejected(Reason.MISSING_SIGNATURE),
            400,
            error("missing_signature", "The Stripe-Signature header is missing.")),
        Arguments.of(
            new WebhookOutcome.Rejected(Reason.NOT_BASE64),
            400,
            error("invalid_body", "The body is not valid base64.")),
        Arguments.of(
            new WebhookOutcome.Rejected(Reason.NOT_UTF8),
            400,
            error("invalid_body", "The request body is not valid UTF-8.")),
        Arguments.of(
            new WebhookOutcome.Rejected(Reason.UNQUEUEABLE_CHARACTER),
            400,
            error(
                "invalid_body",
                "The request body holds a control character (other than tab, line feed or carriage"
                    + " return) or U+FFFE/U+FFFF, which JSON text or a queue message cannot"
                    + " carry.")),
        Arguments.of(
            new WebhookOutcome.Rejected(Reason.INVALID_SIGNATURE),
            400,
            error(
                "invalid_signature",
                "The Stripe-Signature header does not match the body, or its timestamp is outside"
                    + " the tolerance.")),
        Arguments.of(
            new WebhookOutcome.Rejected(Reason.NOT_AN_EVENT, "event has no data.object"),
            400,
            error(
                "invalid_event",
                "The body is not a valid Stripe event: event has no data.object.")),
        Arguments.of(
            new WebhookOutcome.QueueDown(),
            500,
            error("queue_unavailable", "The event could not be queued; please retry later.")),
        Arguments.of(
            new WebhookOutcome.QueueRefused(MessageRefusedException.Reason.TOO_LARGE),
            413,
            error("payload_too_large", "The event is too large to be queued.")),
        Arguments.of(
            new WebhookOutcome.QueueRefused(MessageRefusedException.Reason.INVALID_CONTENT),
            400,
            error("invalid_event", "The event holds content the queue cannot store.")));
  }

  private static String error(String code, String message) {
    return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
  }

  @ParameterizedTest
  @MethodSource("outcomes")
  void mapsEachOutcomeToItsStatusAndBody(WebhookOutcome outcome, int status, String body) {
    APIGatewayV2HTTPResponse response = WebhookResponses.of(outcome);

    assertThat(response.getStatusCode()).isEqualTo(status);
    assertThat(response.getBody()).isEqualTo(body);
    assertThat(response.getHeaders())
        .containsEntry("content-type", "application/json")
        .containsEntry("cache-control", "no-store")
        .hasSize(2);
  }

  @Test
  void theTableCoversEveryRejectionReason() {
    Set<Reason> covered =
        outcomes()
            .map(a -> a.get()[0])
            .filter(WebhookOutcome.Rejected.class::isInstance)
            .map(o -> ((WebhookOutcome.Rejected) o).reason())
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(Reason.class)));
    assertThat(covered).isEqualTo(EnumSet.allOf(Reason.class));
  }

  @Test
  void servesOnlyPostAndAnswersABugWithARetryableInternalError() {
    var get = ApiPriming.request("GET", "/webhooks/stripe", null, null);
    APIGatewayV2HTTPResponse notAllowed =
        WebhookResponses.serve(get, null, request -> new WebhookOutcome.Enqueued(EVENT));
    assertThat(notAllowed.getStatusCode()).isEqualTo(405);
    assertThat(notAllowed.getHeaders()).containsEntry("allow", "POST");

    var post = ApiPriming.request("POST", "/webhooks/stripe", null, "{}");
    APIGatewayV2HTTPResponse bug =
        WebhookResponses.serve(
            post,
            null,
            request -> {
              throw new IllegalStateException("bug");
            });
    assertThat(bug.getStatusCode()).isEqualTo(500);
    assertThat(bug.getBody())
        .isEqualTo(error("internal_error", "Unexpected error; please retry later."));

    assertThat(WebhookResponses.serve(null, null, request -> null).getBody())
        .isEqualTo(error("invalid_request", "The request is empty."));
  }
}
