package app.billing.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.event.HandledEventTypes;
import app.billing.deploy.EventsRun.Outcome;
import app.billing.http.Routes;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.net.Webhook;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * No file under events/ can rot: each one is loaded with aws-lambda-java-tests' EventLoader as its
 * handler's input type and run through that handler, initialised from template.yaml's environment,
 * against the embedded engines (dynalite, ElasticMQ, SES/Stripe/Secrets Manager stand-ins). The
 * folder names the function: events/&lt;module&gt;/.
 *
 * <p>What each file must give is derived from the file itself: a webhook request whose signature
 * verifies with events/env.json's secret is accepted (and enqueued when its type is handled), any
 * other is refused with a 4xx; an SQS batch is processed without a failed item; the authorizer
 * allows exactly the demo API key; an API request never gets a 5xx, and a 401 without the
 * authorizer's tenant on a guarded route. A few files have an exact expected status below.
 */
class EventsRotIT {
  /** Exact statuses for files whose outcome the generic rules do not pin down. */
  static final Map<String, Integer> EXPECTED_STATUS =
      Map.ofEntries(
          Map.entry("account/get-plans.json", 200),
          Map.entry("account/get-subscription.json", 200),
          Map.entry("account/get-payments.json", 200),
          Map.entry("account/get-subscription-no-authorizer-context.json", 401),
          Map.entry("account/get-payments-no-authorizer-context.json", 401),
          // Files run in name order: the first subscription checkout (base64, pro yearly) holds the
          // tenant's checkout lock, so the next one is refused (CheckoutLock).
          Map.entry("checkout/post-checkout-base64.json", 201),
          Map.entry("checkout/post-checkout-pro-monthly.json", 409),
          Map.entry("portal/post-portal.json", 201),
          Map.entry("portal/post-portal-no-authorizer-context.json", 401),
          Map.entry("usage/post-usage-unknown-meter.json", 400),
          Map.entry("usage/post-usage-bad-value.json", 400),
          Map.entry("usage/post-usage-no-authorizer-context.json", 401));

  static final EventsRun run = EventsRun.get();

  @AfterAll
  static void report() {
    run.writeReport();
  }

  @Test
  void everyFunctionInitialisesFromTheTemplatesEnvironment() {
    assertThat(run.inits.values())
        .allSatisfy(
            init ->
                assertThat(init.error())
                    .as("init of %s with template.yaml's environment", init.function().logicalId())
                    .isNull());
  }

  @Test
  void everyEventsFolderBelongsToAFunctionAndEveryFunctionHasEvents() {
    assertThat(run.foldersWithoutFunction).as("events/ folders no function handles").isEmpty();
    for (var function : Deployables.ALL) {
      assertThat(EventsRun.files(function.folder()))
          .as("events/%s/", function.folder())
          .isNotEmpty();
    }
  }

  @Test
  void provisioningEventsCoverEveryHandledEventType() {
    List<String> types =
        run.outcomes.stream()
            .filter(o -> o.function().folder().equals("provisioning"))
            .filter(o -> o.event() instanceof SQSEvent)
            .flatMap(o -> ((SQSEvent) o.event()).getRecords().stream())
            .map(
                r ->
                    JsonParser.parseString(r.getBody()).getAsJsonObject().get("type").getAsString())
            .distinct()
            .toList();
    assertThat(types).containsAll(HandledEventTypes.ALL);
  }

  @TestFactory
  Stream<DynamicTest> everyEventFileRunsThroughItsHandler() {
    return run.outcomes.stream().map(o -> DynamicTest.dynamicTest(o.name(), () -> check(o)));
  }

  private void check(Outcome o) {
    assertThat(o.error()).as("%s threw", o.name()).isNull();
    switch (o.function().folder()) {
      case "webhook" -> checkWebhook(o);
      case "provisioning" -> {
        SQSBatchResponse response = (SQSBatchResponse) o.response();
        assertThat(response.getBatchItemFailures()).as("%s: failed items", o.name()).isEmpty();
      }
      case "authorizer" -> checkAuthorizer(o);
      case "reconciler" -> checkReconciler(o);
      default -> checkApi(o);
    }
  }

  /**
   * The world's Events API lists one undelivered invoice.paid, the event
   * webhook/signed-invoice.paid-base64.json enqueued moments before: the reconciler sends it with
   * the same deduplication id (the event id), so SQS FIFO keeps one message, as it does for
   * Stripe's own retries.
   */
  @SuppressWarnings("unchecked")
  private void checkReconciler(Outcome o) {
    assertThat(o.response()).as("%s: the run's report", o.name()).isInstanceOf(Map.class);
    Map<String, Object> report = (Map<String, Object>) o.response();
    assertThat(report)
        .containsEntry("eventsMissing", 1)
        .containsEntry("eventsEnqueued", 1)
        .containsEntry("walkFinished", true);
    assertThat(o.queuedAfter())
        .as("%s: deduplicated against the webhook's copy", o.name())
        .isEqualTo(o.queuedBefore());
  }

  private void checkWebhook(Outcome o) {
    APIGatewayV2HTTPEvent event = (APIGatewayV2HTTPEvent) o.event();
    APIGatewayV2HTTPResponse response = (APIGatewayV2HTTPResponse) o.response();
    String body = Events.body(event);
    String signature = Events.header(event, "stripe-signature");
    boolean genuine = signature != null && verifies(body, signature);
    if (!"POST".equalsIgnoreCase(Events.method(event))) {
      assertThat(response.getStatusCode()).as(o.name()).isEqualTo(405);
    } else if (genuine) {
      String type = JsonParser.parseString(body).getAsJsonObject().get("type").getAsString();
      boolean handled = HandledEventTypes.isHandled(type);
      assertThat(response.getStatusCode())
          .as("%s: signed with events/env.json's secret", o.name())
          .isEqualTo(200);
      assertThat(response.getBody()).isEqualTo("{\"received\":true,\"enqueued\":" + handled + "}");
      assertThat(o.queuedAfter() - o.queuedBefore())
          .as("%s: messages enqueued", o.name())
          .isEqualTo(handled ? 1 : 0);
    } else {
      assertThat(response.getStatusCode())
          .as("%s: not signed with events/env.json's secret", o.name())
          .isBetween(400, 499);
      assertThat(o.queuedAfter()).isEqualTo(o.queuedBefore());
    }
  }

  private boolean verifies(String payload, String signature) {
    String secrets = run.world.localValue("WebhookFunction", "STRIPE_WEBHOOK_SECRETS");
    for (String secret : secrets.split(",")) {
      try {
        // Tolerance 0: the time is checked by the run's clock, this only asks "signed with our
        // secret?".
        if (Webhook.Signature.verifyHeader(payload, signature, secret.trim(), 0)) {
          return true;
        }
      } catch (Exception e) {
        // not ours, or malformed
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private void checkAuthorizer(Outcome o) {
    APIGatewayV2CustomAuthorizerEvent event = (APIGatewayV2CustomAuthorizerEvent) o.event();
    assertThat(o.response()).as("%s: simple response", o.name()).isInstanceOf(Map.class);
    Map<String, Object> response = (Map<String, Object>) o.response();
    boolean demoKey =
        ("Bearer " + World.DEMO_KEY).equals(Events.header(event.getHeaders(), "authorization"));
    assertThat(response.get("isAuthorized")).as("%s: isAuthorized", o.name()).isEqualTo(demoKey);
    if (demoKey) {
      assertThat((Map<String, Object>) response.get("context"))
          .containsEntry("tenantId", World.TENANT);
    }
  }

  private void checkApi(Outcome o) {
    APIGatewayV2HTTPEvent event = (APIGatewayV2HTTPEvent) o.event();
    APIGatewayV2HTTPResponse response = (APIGatewayV2HTTPResponse) o.response();
    int status = response.getStatusCode();
    assertThat(status).as("%s: status (body %s)", o.name(), response.getBody()).isLessThan(500);
    Integer expected = EXPECTED_STATUS.get(o.name());
    if (expected != null) {
      assertThat(status).as("%s (body %s)", o.name(), response.getBody()).isEqualTo(expected);
    }
    boolean guarded =
        Routes.ALL.stream()
            .anyMatch(
                r ->
                    r.function().equals(o.function().folder())
                        && r.method().equalsIgnoreCase(Events.method(event))
                        && r.path().equals(event.getRawPath())
                        && r.authorized());
    if (guarded && Events.tenant(event) == null) {
      assertThat(status)
          .as("%s: guarded route without the authorizer's tenant", o.name())
          .isEqualTo(401);
    }
    String contentType = Events.header(response.getHeaders(), "content-type");
    if (contentType != null
        && contentType.startsWith("application/json")
        && response.getBody() != null
        && !response.getBody().isEmpty()) {
      assertThat(JsonParser.parseString(response.getBody()).isJsonObject())
          .as("%s: JSON body", o.name())
          .isTrue();
    }
  }

  static JsonObject json(String body) {
    return JsonParser.parseString(body).getAsJsonObject();
  }
}
