package app.billing.webhook.handler;

import app.billing.core.metrics.EmfMetrics;
import app.billing.core.metrics.MetricNames;
import app.billing.core.priming.Priming;
import app.billing.core.webhook.WebhookOutcome;
import app.billing.http.ApiRequest;
import app.billing.http.WebhookResponses;
import app.billing.webhook.WebhookService;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /webhooks/stripe} (API Gateway HTTP API, payload format 2.0). Thin: takes the raw
 * body and the {@code Stripe-Signature} header out of the request and lets {@link WebhookService}
 * decide; {@link WebhookResponses} turns the outcome into the JSON response.
 */
public final class WebhookHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  static final String SIGNATURE_HEADER = "Stripe-Signature";

  private final WebhookService service;
  private final EmfMetrics metrics;

  /** Used by Lambda: the production service, built once per container from the environment. */
  public WebhookHandler() {
    // Built here, not in a static holder: a configuration error then reaches Lambda as itself
    // (errorMessage "Invalid configuration: ..."), not as a message-less
    // ExceptionInInitializerError.
    this(WebhookWiring.fromEnvironment(System.getenv(), Clock.systemUTC()));
    // SnapStart: warm the request path before the snapshot (no network, no writes).
    Priming.register(
        "webhook", new WebhookPriming(Optional.ofNullable(System.getenv("AWS_REGION"))));
  }

  private WebhookHandler(WebhookHandler built) {
    this(built.service, built.metrics);
  }

  /** For tests and other wiring: the handler around a given service. */
  public WebhookHandler(WebhookService service) {
    this(service, EmfMetrics.discarding("webhook"));
  }

  /**
   * @param metrics counts events of the other Stripe mode; flushed at the end of each request
   */
  public WebhookHandler(WebhookService service, EmfMetrics metrics) {
    this.service = Objects.requireNonNull(service, "service");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    try {
      return WebhookResponses.serve(event, context, this::receiveCounted);
    } finally {
      metrics.flush();
    }
  }

  private WebhookOutcome receiveCounted(ApiRequest request) {
    WebhookOutcome outcome = receive(request);
    if (outcome instanceof WebhookOutcome.OtherMode) {
      metrics.count(MetricNames.OTHER_MODE_EVENTS_SKIPPED);
    }
    return outcome;
  }

  private WebhookOutcome receive(ApiRequest request) {
    String signature = request.header(SIGNATURE_HEADER).orElse(null);
    APIGatewayV2HTTPEvent event = request.event();
    if (!event.getIsBase64Encoded()) {
      // The body exactly as the client sent it, as text: verified as is, not encoded and decoded
      // again.
      return service.handleText(event.getBody(), signature);
    }
    byte[] body;
    try {
      body = event.getBody() == null ? null : Base64.getDecoder().decode(event.getBody());
    } catch (IllegalArgumentException e) {
      return new WebhookOutcome.Rejected(WebhookOutcome.Reason.NOT_BASE64);
    }
    return service.handle(body, signature);
  }
}
