package app.billing.local.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import app.billing.local.stripe.StripeBackend.Change;
import app.billing.local.stripe.StripeBackend.IdempotentResponse;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.google.gson.JsonObject;
import com.stripe.Stripe;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST side of the stand-in, as a WireMock response transformer: routes {@code /v1/...} calls
 * to {@link StripeBackend}, answers with Stripe's JSON and error shapes and {@code Request-Id}
 * header, replays {@code Idempotency-Key}s for 24 hours like Stripe (kept by the backend, so they
 * survive a restart too), and hands the events a call caused to the sink (delivered asynchronously,
 * as Stripe does).
 */
final class StripeApi implements ResponseDefinitionTransformerV2 {
  static final String NAME = "local-stripe-api";
  private static final Logger log = LoggerFactory.getLogger(StripeApi.class);
  private static final String ID = "([A-Za-z0-9_]+)";

  private record Response(int status, JsonObject body) {}

  private interface Route {
    Response handle(Matcher path, FormParams params, RequestInfo request);
  }

  private record RequestInfo(String requestId, String idempotencyKey) {}

  private record Endpoint(String method, Pattern path, Route route) {}

  private final StripeBackend backend;
  private final Consumer<List<JsonObject>> eventSink;
  private final Clock clock;
  private final List<Endpoint> endpoints;
  private final RateLimitSwitch rateLimit = new RateLimitSwitch();

  StripeApi(StripeBackend backend, Consumer<List<JsonObject>> eventSink, Clock clock) {
    this.backend = backend;
    this.eventSink = eventSink;
    this.clock = clock;
    this.endpoints =
        List.of(
            endpoint(
                "POST",
                "/v1/customers",
                (m, p, r) -> changed(backend.createCustomer(p, r.requestId(), r.idempotencyKey()))),
            endpoint("GET", "/v1/customers", (m, p, r) -> ok(backend.customers(p))),
            // Before /v1/customers/{id}, which "search" would match.
            endpoint("GET", "/v1/customers/search", (m, p, r) -> ok(backend.searchCustomers(p))),
            endpoint("GET", "/v1/customers/" + ID, (m, p, r) -> ok(backend.customer(m.group(1)))),
            endpoint(
                "POST",
                "/v1/customers/" + ID,
                (m, p, r) ->
                    changed(
                        backend.updateCustomer(m.group(1), p, r.requestId(), r.idempotencyKey()))),
            endpoint(
                "DELETE",
                "/v1/customers/" + ID,
                (m, p, r) ->
                    changed(backend.deleteCustomer(m.group(1), r.requestId(), r.idempotencyKey()))),
            endpoint(
                "POST",
                "/v1/checkout/sessions",
                (m, p, r) -> changed(backend.createCheckoutSession(p, r.requestId()))),
            endpoint(
                "GET",
                "/v1/checkout/sessions/" + ID,
                (m, p, r) -> ok(backend.checkoutSession(m.group(1)))),
            endpoint(
                "GET",
                "/v1/checkout/sessions/" + ID + "/line_items",
                (m, p, r) -> ok(backend.checkoutLineItems(m.group(1)))),
            endpoint(
                "POST",
                "/v1/checkout/sessions/" + ID + "/expire",
                (m, p, r) -> changed(backend.expireCheckoutSession(m.group(1), r.requestId()))),
            endpoint(
                "POST",
                "/v1/billing_portal/sessions",
                (m, p, r) -> changed(backend.createPortalSession(p))),
            endpoint("GET", "/v1/subscriptions", (m, p, r) -> ok(backend.subscriptions(p))),
            endpoint(
                "GET",
                "/v1/subscriptions/" + ID,
                (m, p, r) -> ok(backend.subscription(m.group(1)))),
            endpoint(
                "POST",
                "/v1/subscriptions/" + ID,
                (m, p, r) -> changed(backend.updateSubscription(m.group(1), p, r.requestId()))),
            endpoint(
                "DELETE",
                "/v1/subscriptions/" + ID,
                (m, p, r) -> changed(backend.cancelSubscription(m.group(1), r.requestId()))),
            endpoint("GET", "/v1/invoices", (m, p, r) -> ok(backend.invoices(p))),
            endpoint("GET", "/v1/invoices/" + ID, (m, p, r) -> ok(backend.invoice(m.group(1)))),
            endpoint(
                "POST",
                "/v1/invoices/" + ID + "/void",
                (m, p, r) -> changed(backend.voidInvoice(m.group(1), r.requestId()))),
            endpoint(
                "POST",
                "/v1/invoices/" + ID + "/mark_uncollectible",
                (m, p, r) -> changed(backend.markInvoiceUncollectible(m.group(1), r.requestId()))),
            endpoint(
                "GET",
                "/v1/payment_intents/" + ID,
                (m, p, r) -> ok(backend.paymentIntent(m.group(1)))),
            endpoint(
                "POST",
                "/v1/payment_intents/" + ID + "/capture",
                (m, p, r) -> changed(backend.capturePaymentIntent(m.group(1), p, r.requestId()))),
            endpoint(
                "POST",
                "/v1/payment_intents/" + ID + "/cancel",
                (m, p, r) -> changed(backend.cancelPaymentIntent(m.group(1), p, r.requestId()))),
            endpoint("GET", "/v1/charges/" + ID, (m, p, r) -> ok(backend.charge(m.group(1)))),
            endpoint(
                "POST",
                "/v1/refunds",
                (m, p, r) -> changed(backend.createRefund(p, r.requestId(), r.idempotencyKey()))),
            endpoint("GET", "/v1/refunds/" + ID, (m, p, r) -> ok(backend.refund(m.group(1)))),
            endpoint("GET", "/v1/disputes/" + ID, (m, p, r) -> ok(backend.dispute(m.group(1)))),
            endpoint(
                "GET",
                "/v1/entitlements/active_entitlements",
                (m, p, r) -> ok(backend.activeEntitlements(p))),
            endpoint("GET", "/v1/prices", (m, p, r) -> ok(backend.prices())),
            endpoint("GET", "/v1/prices/" + ID, (m, p, r) -> ok(backend.price(m.group(1)))),
            endpoint("GET", "/v1/products/" + ID, (m, p, r) -> ok(backend.product(m.group(1)))),
            endpoint("GET", "/v1/billing/meters", (m, p, r) -> ok(backend.meters(p))),
            endpoint(
                "GET",
                "/v1/billing/meters/" + ID + "/event_summaries",
                (m, p, r) -> ok(backend.meterEventSummaries(m.group(1), p))),
            endpoint(
                "POST", "/v1/billing/meter_events", (m, p, r) -> ok(backend.createMeterEvent(p))),
            endpoint("GET", "/v1/events", (m, p, r) -> ok(backend.eventList(p))),
            endpoint("GET", "/v1/events/" + ID, (m, p, r) -> ok(backend.event(m.group(1)))));
  }

  private static Endpoint endpoint(String method, String path, Route route) {
    return new Endpoint(method, Pattern.compile(path), route);
  }

  private static Response ok(JsonObject body) {
    return new Response(200, body);
  }

  private Response changed(Change change) {
    if (!change.events().isEmpty()) {
      eventSink.accept(change.events());
    }
    return new Response(200, change.object());
  }

  @Override
  public ResponseDefinition transform(ServeEvent serveEvent) {
    Request request = serveEvent.getRequest();
    String requestId = Ids.request();
    Response response = respond(request, requestId);
    log.debug("{} {} -> {}", request.getMethod(), request.getUrl(), response.status());
    var builder =
        aResponse()
            .withStatus(response.status())
            .withHeader("Content-Type", "application/json")
            .withHeader("Request-Id", requestId)
            .withHeader("Stripe-Version", Stripe.API_VERSION)
            .withBody(response.body().toString());
    String idempotencyKey = request.getHeader("Idempotency-Key");
    if (idempotencyKey != null) {
      builder.withHeader("Idempotency-Key", idempotencyKey);
    }
    return builder.build();
  }

  private Response respond(Request request, String requestId) {
    String authorization = request.getHeader("Authorization");
    if (authorization == null || !authorization.matches("Bearer (sk|rk)_test_\\S+")) {
      return new Response(
          401,
          new StripeError(
                  401,
                  "invalid_request_error",
                  null,
                  "Invalid API Key provided. The local Stripe stand-in accepts any sk_test_ key.",
                  null)
              .toJson());
    }
    String method = request.getMethod().getName();
    String url = request.getUrl();
    int question = url.indexOf('?');
    String path = question < 0 ? url : url.substring(0, question);
    if (rateLimit.limits(path)) {
      return new Response(
          429,
          new StripeError(
                  429,
                  "invalid_request_error",
                  "rate_limit",
                  "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.",
                  null)
              .toJson());
    }
    String query = question < 0 ? "" : url.substring(question + 1);
    FormParams params =
        FormParams.parse(
            method.equals("GET") || method.equals("DELETE") ? query : request.getBodyAsString());
    String idempotencyKey = method.equals("POST") ? request.getHeader("Idempotency-Key") : null;

    for (Endpoint endpoint : endpoints) {
      Matcher matcher = endpoint.path().matcher(path);
      if (!endpoint.method().equals(method) || !matcher.matches()) {
        continue;
      }
      String fingerprint = method + " " + path + " " + request.getBodyAsString();
      if (idempotencyKey != null) {
        Optional<IdempotentResponse> replay = backend.idempotentResponse(idempotencyKey);
        if (replay.isPresent()) {
          if (!replay.get().fingerprint().equals(fingerprint)) {
            return new Response(
                400,
                new StripeError(
                        400,
                        "idempotency_error",
                        null,
                        "Keys for idempotent requests can only be used with the same parameters they were first used "
                            + "with. Try using a key other than '"
                            + idempotencyKey
                            + "' if you meant to execute a "
                            + "different request.",
                        null)
                    .toJson());
          }
          return new Response(replay.get().status(), replay.get().body());
        }
      }
      Response response;
      try {
        response =
            endpoint.route().handle(matcher, params, new RequestInfo(requestId, idempotencyKey));
      } catch (StripeError e) {
        response = new Response(e.status(), e.toJson());
      } catch (RuntimeException e) {
        log.error("stand-in failed on {} {}", method, path, e);
        response =
            new Response(
                500,
                new StripeError(
                        500, "api_error", null, "The local Stripe stand-in failed: " + e, null)
                    .toJson());
      }
      // Stripe saves the result of any request that started executing, errors included (not 5xx...
      // nor 409).
      if (idempotencyKey != null && response.status() < 500) {
        backend.rememberIdempotentResponse(
            idempotencyKey,
            new IdempotentResponse(
                fingerprint, response.status(), response.body(), clock.instant().getEpochSecond()));
      }
      return response;
    }
    return new Response(
        404,
        new StripeError(
                404,
                "invalid_request_error",
                null,
                "Unrecognized request URL ("
                    + method
                    + ": "
                    + path
                    + "). The local Stripe stand-in answers only the calls "
                    + "this project makes; set STRIPE_SECRET_KEY to use Stripe test mode.",
                null)
            .toJson());
  }

  /** Stripe's 429 on demand, for tests and the demo: see {@link RateLimitSwitch}. */
  RateLimitSwitch rateLimit() {
    return rateLimit;
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public String getName() {
    return NAME;
  }
}
