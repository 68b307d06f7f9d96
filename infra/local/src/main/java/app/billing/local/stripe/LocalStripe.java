package app.billing.local.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import app.billing.core.catalog.Catalog;
import app.billing.local.http.LocalPage;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Stripe without Stripe: a WireMock server answering the API calls our functions make (point
 * stripe-java at {@link #apiBase()}), the hosted checkout, portal and invoice pages a customer uses
 * ({@link #pages()}, served on the HTTP API's port) and a sender that signs and posts the resulting
 * events to the webhook route. The account (customers, sessions, subscriptions, invoices, events,
 * idempotency keys) is kept in a state file, loaded at start and rewritten after every change, so
 * the Stripe ids the billing table holds stay valid across restarts.
 */
public final class LocalStripe implements AutoCloseable {
  private final WireMockServer server;
  private final WebhookSender webhooks;
  private final StripePages pages;
  private final StandInControls controls;
  private final StandInActions actions;

  private LocalStripe(
      WireMockServer server,
      WebhookSender webhooks,
      StripePages pages,
      StandInControls controls,
      StandInActions actions) {
    this.server = server;
    this.webhooks = webhooks;
    this.pages = pages;
    this.controls = controls;
    this.actions = actions;
  }

  /**
   * @param pagesBaseUrl where {@link #pages()} are served, e.g. {@code http://127.0.0.1:3000}
   * @param webhookEndpoint where events are posted, e.g. {@code
   *     http://127.0.0.1:3000/webhooks/stripe}
   * @param webhookSecret the endpoint's signing secret ({@code whsec_...})
   * @param stateFile where the account is kept, e.g. {@code .local-data/stripe-stand-in.json} (need
   *     not exist)
   * @throws IllegalStateException when the state file exists but cannot be read
   */
  public static LocalStripe start(
      Catalog catalog,
      String pagesBaseUrl,
      URI webhookEndpoint,
      String webhookSecret,
      Path stateFile,
      Clock clock) {
    StripeBackend backend =
        new StripeBackend(
            new StripeObjects(catalog, pagesBaseUrl), clock, new StateFile(stateFile, catalog));
    WebhookSender webhooks = new WebhookSender(webhookEndpoint, webhookSecret, clock);
    // An acknowledged delivery takes the event out of GET /v1/events?delivery_success=false.
    webhooks.onDelivered(backend::webhookDelivered);
    StripeApi api = new StripeApi(backend, webhooks::send, clock);
    WireMockServer server =
        new WireMockServer(
            options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .disableRequestJournal() // a long-running stack must not keep every request
                .containerThreads(16)
                .extensions(api));
    server.start();
    server.stubFor(
        any(urlPathMatching("/.*")).willReturn(aResponse().withTransformers(StripeApi.NAME)));
    return new LocalStripe(
        server,
        webhooks,
        new StripePages(backend, webhooks),
        new StandInControls(api.rateLimit()),
        new StandInActions(backend, new PageSupport(webhooks)));
  }

  /**
   * For {@code STRIPE_API_BASE}: e.g. {@code http://127.0.0.1:54321} (stripe-java appends /v1/...).
   */
  public String apiBase() {
    return "http://127.0.0.1:" + server.port();
  }

  /**
   * The hosted pages: {@code /_local/checkout/{id}}, {@code /_local/portal/{id}}, {@code
   * /_local/invoices/{id}}.
   */
  public LocalPage pages() {
    return pages;
  }

  /**
   * The next {@code requests} API requests under {@code pathPrefix} answer Stripe's 429
   * (rate_limit).
   */
  public void rateLimitNext(int requests, String pathPrefix) {
    controls.rateLimit().limitNext(requests, pathPrefix);
  }

  /**
   * {@code /_local/stripe/...}: Stripe's 429 on demand ({@link StandInControls}), and refunds,
   * disputes, captures and invoice write-offs on demand ({@link StandInActions}).
   */
  public LocalPage controls() {
    return (exchange, method, path) ->
        controls.handle(exchange, method, path) || actions.handle(exchange, method, path);
  }

  public WebhookSender webhooks() {
    return webhooks;
  }

  @Override
  public void close() {
    webhooks.close();
    server.stop();
  }
}
