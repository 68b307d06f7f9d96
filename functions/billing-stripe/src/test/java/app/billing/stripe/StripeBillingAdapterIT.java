package app.billing.stripe;

import static app.billing.testkit.StripeApi.CHECKOUT_SESSIONS;
import static app.billing.testkit.StripeApi.CUSTOMERS;
import static app.billing.testkit.StripeApi.PORTAL_SESSIONS;
import static app.billing.testkit.StripeApi.form;
import static app.billing.testkit.StripeApi.json;
import static app.billing.testkit.StripeApi.onlyForm;
import static app.billing.testkit.StripeApi.posts;
import static app.billing.testkit.StripeApi.stubPost;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import app.billing.core.port.StripeWrites.CheckoutSession;
import app.billing.core.port.StripeWrites.CheckoutSessionSpec;
import app.billing.core.port.StripeWrites.FailureKind;
import app.billing.core.port.StripeWrites.NewCustomer;
import app.billing.core.port.StripeWrites.PortalFlowType;
import app.billing.core.port.StripeWrites.PortalSessionSpec;
import app.billing.core.port.StripeWrites.SessionMode;
import app.billing.core.port.StripeWrites.StripeCallException;
import app.billing.testkit.StripeStandIn;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter through stripe-java against the Stripe stand-in: the exact forms Stripe receives, and
 * failures.
 */
class StripeBillingAdapterIT {
  private static final String SECRET_KEY = "sk_test_adapterIT_0123456789abcdefwxyz";
  private static final String CUSTOMER = "cus_QXg1o8vcGmoR32";
  private static final String SUCCESS =
      "https://app.example.com/billing/success?session_id={CHECKOUT_SESSION_ID}";
  private static final String CANCEL = "https://app.example.com/billing/cancel";
  private static final int READ_TIMEOUT_MILLIS =
      1_500; // long enough for a loaded CI machine; the slow stub waits 4x

  @AutoClose private static StripeStandIn stripe;
  private static StripeBillingAdapter adapter;

  @BeforeAll
  static void start() {
    stripe = StripeStandIn.start();
    adapter =
        new StripeBillingAdapter(
            new StripeSettings(
                    SECRET_KEY,
                    Optional.of(stripe.baseUrl()),
                    1_000,
                    READ_TIMEOUT_MILLIS,
                    StripeSettings.DEFAULT_MAX_NETWORK_RETRIES)
                .client());
  }

  @BeforeEach
  void reset() {
    stripe.reset();
    stubPost(stripe, CUSTOMERS, 200, "customer.json", "req_customer");
    stubPost(stripe, CHECKOUT_SESSIONS, 200, "checkout.session.json", "req_session");
    stubPost(stripe, PORTAL_SESSIONS, 200, "billing_portal.session.json", "req_portal");
  }

  /** What the checkout signs; the adapter only carries it. */
  static final String TOKEN = "v1.signed-by-the-checkout-service";

  static final Instant EXPIRES_AT = Instant.parse("2026-11-24T20:46:03Z");

  private static CheckoutSessionSpec subscription(int trialDays, boolean tax) {
    return new CheckoutSessionSpec(
        "tenant-acme",
        CUSTOMER,
        "starter",
        SessionMode.SUBSCRIPTION,
        "price_1YVHXZSb7kQ2wLn572xB0pDK",
        3,
        trialDays,
        null,
        SUCCESS,
        CANCEL,
        tax,
        TOKEN,
        EXPIRES_AT);
  }

  private static CheckoutSessionSpec payment(String captureMethod) {
    return new CheckoutSessionSpec(
        "tenant-acme",
        CUSTOMER,
        "onboarding_workshop",
        SessionMode.PAYMENT,
        "price_1Wk5hpSb7kQ2wLn5Workshop",
        1,
        0,
        captureMethod,
        SUCCESS,
        CANCEL,
        false,
        TOKEN,
        null);
  }

  private static Map<String, String> common() {
    return Map.ofEntries(
        entry("customer", CUSTOMER),
        entry("client_reference_id", "tenant-acme"),
        entry("metadata[tenantId]", "tenant-acme"),
        entry("metadata[checkout_token]", TOKEN),
        entry("allow_promotion_codes", "true"),
        entry("billing_address_collection", "required"),
        entry("customer_update[name]", "auto"),
        entry("customer_update[address]", "auto"),
        entry("success_url", SUCCESS),
        entry("cancel_url", CANCEL));
  }

  @Test
  void createsTheCustomerWithTenantMetadataUnderTheGivenIdempotencyKey() {
    String id =
        adapter.createCustomer(
            new NewCustomer("tenant-acme", "Acme Corp", "billing@acme.example"),
            "customer:tenant-acme");

    assertThat(id).isEqualTo(CUSTOMER);
    LoggedRequest request = posts(stripe, CUSTOMERS).getFirst();
    assertThat(request.getHeader("Idempotency-Key")).isEqualTo("customer:tenant-acme");
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + SECRET_KEY);
    assertThat(form(request))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "metadata[tenantId]",
                "tenant-acme",
                "name",
                "Acme Corp",
                "email",
                "billing@acme.example"));
  }

  @Test
  void leavesOutANameAndEmailTheTenantDoesNotHave() {
    adapter.createCustomer(new NewCustomer("tenant-acme", null, " "), "customer:tenant-acme");

    assertThat(onlyForm(stripe, CUSTOMERS))
        .containsExactly(entry("metadata[tenantId]", "tenant-acme"));
  }

  @Test
  void subscriptionSessionCarriesPlanTrialAndTenantEverywhere() {
    CheckoutSession session =
        adapter.createCheckoutSession(subscription(14, false), "checkout:key-1");

    assertThat(session.id())
        .isEqualTo("cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY");
    assertThat(session.url()).startsWith("https://checkout.stripe.com/");
    assertThat(posts(stripe, CHECKOUT_SESSIONS).getFirst().getHeader("Idempotency-Key"))
        .isEqualTo("checkout:key-1");
    Map<String, String> expected = new java.util.HashMap<>(common());
    expected.putAll(
        Map.of(
            "mode", "subscription",
            "metadata[catalog_key]", "starter",
            "line_items[0][price]", "price_1YVHXZSb7kQ2wLn572xB0pDK",
            "line_items[0][quantity]", "3",
            "automatic_tax[enabled]", "false",
            "subscription_data[metadata][tenantId]", "tenant-acme",
            "subscription_data[metadata][checkout_token]", TOKEN,
            "subscription_data[trial_period_days]", "14",
            "expires_at", Long.toString(EXPIRES_AT.getEpochSecond())));
    assertThat(onlyForm(stripe, CHECKOUT_SESSIONS)).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void aMeteredPriceIsASecondLineItemWithoutQuantity() {
    CheckoutSessionSpec plain = subscription(0, false);
    CheckoutSessionSpec metered =
        new CheckoutSessionSpec(
            plain.tenantId(),
            plain.customerId(),
            "pro",
            plain.mode(),
            "price_14K14PSb7kQ2wLn5JNF92G3q",
            1,
            0,
            null,
            SUCCESS,
            CANCEL,
            false,
            TOKEN,
            null,
            false,
            true,
            List.of("price_14K1mtSb7kQ2wLn5ProEmails"));

    adapter.createCheckoutSession(metered, "checkout:key-metered");

    Map<String, String> form = onlyForm(stripe, CHECKOUT_SESSIONS);
    assertThat(form)
        .containsEntry("line_items[0][price]", "price_14K14PSb7kQ2wLn5JNF92G3q")
        .containsEntry("line_items[0][quantity]", "1")
        .containsEntry("line_items[1][price]", "price_14K1mtSb7kQ2wLn5ProEmails")
        .doesNotContainKey("line_items[1][quantity]");
  }

  @Test
  void subscriptionWithoutTrialSendsNoTrialAndTaxWhenEnabled() {
    adapter.createCheckoutSession(subscription(0, true), "checkout:key-2");

    Map<String, String> form = onlyForm(stripe, CHECKOUT_SESSIONS);
    assertThat(form)
        .doesNotContainKey("subscription_data[trial_period_days]")
        .containsEntry("subscription_data[metadata][tenantId]", "tenant-acme")
        .containsEntry("automatic_tax[enabled]", "true");
  }

  @Test
  void paymentSessionCarriesCaptureMethodAndTenantOnThePaymentIntent() {
    adapter.createCheckoutSession(payment("manual"), "checkout:key-3");

    Map<String, String> expected = new java.util.HashMap<>(common());
    expected.putAll(
        Map.of(
            "mode", "payment",
            "metadata[catalog_key]", "onboarding_workshop",
            "metadata[quantity]", "1",
            "line_items[0][price]", "price_1Wk5hpSb7kQ2wLn5Workshop",
            "line_items[0][quantity]", "1",
            "automatic_tax[enabled]", "false",
            "payment_intent_data[capture_method]", "manual",
            "payment_intent_data[metadata][tenantId]", "tenant-acme",
            "payment_intent_data[metadata][checkout_token]", TOKEN));
    assertThat(onlyForm(stripe, CHECKOUT_SESSIONS)).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void automaticCaptureIsSentExplicitly() {
    adapter.createCheckoutSession(payment("automatic"), "checkout:key-4");

    assertThat(onlyForm(stripe, CHECKOUT_SESSIONS))
        .containsEntry("payment_intent_data[capture_method]", "automatic");
  }

  @Test
  void portalWithoutFlowOpensTheHomePage() {
    String url =
        adapter.createPortalSession(
            new PortalSessionSpec(
                CUSTOMER,
                "https://app.example.com/account",
                Optional.empty(),
                PortalFlowType.NONE,
                null));

    assertThat(url).startsWith("https://");
    assertThat(onlyForm(stripe, PORTAL_SESSIONS))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("customer", CUSTOMER, "return_url", "https://app.example.com/account"));
    assertThat(posts(stripe, PORTAL_SESSIONS).getFirst().getHeader("Idempotency-Key"))
        .as("stripe-java's own key for its retries")
        .isNotBlank();
  }

  @Test
  void portalWithAKeyFromTheClientSendsThatKey() {
    adapter.createPortalSession(
        new PortalSessionSpec(
            CUSTOMER,
            "https://app.example.com/account",
            Optional.empty(),
            PortalFlowType.NONE,
            null),
        "portal:tenant-acme:client:abc");

    assertThat(posts(stripe, PORTAL_SESSIONS).getFirst().getHeader("Idempotency-Key"))
        .isEqualTo("portal:tenant-acme:client:abc");
  }

  @Test
  void portalPaymentMethodFlowWithConfiguration() {
    adapter.createPortalSession(
        new PortalSessionSpec(
            CUSTOMER,
            "https://app.example.com/account",
            Optional.of("bpc_1Pgc7HB7WZ01zgkWxH2EPWRX"),
            PortalFlowType.PAYMENT_METHOD_UPDATE,
            null));

    assertThat(onlyForm(stripe, PORTAL_SESSIONS))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "customer", CUSTOMER,
                "return_url", "https://app.example.com/account",
                "configuration", "bpc_1Pgc7HB7WZ01zgkWxH2EPWRX",
                "flow_data[type]", "payment_method_update",
                "flow_data[after_completion][type]", "redirect",
                "flow_data[after_completion][redirect][return_url]",
                    "https://app.example.com/account"));
  }

  @Test
  void portalSubscriptionFlowsNameTheSubscription() {
    adapter.createPortalSession(
        new PortalSessionSpec(
            CUSTOMER,
            "https://app.example.com/account",
            Optional.empty(),
            PortalFlowType.SUBSCRIPTION_CANCEL,
            "sub_1hNEdcSb7kQ2wLn5P4c3ZkD7"));
    adapter.createPortalSession(
        new PortalSessionSpec(
            CUSTOMER,
            "https://app.example.com/account",
            Optional.empty(),
            PortalFlowType.SUBSCRIPTION_UPDATE,
            "sub_1hNEdcSb7kQ2wLn5P4c3ZkD7"));

    var requests = posts(stripe, PORTAL_SESSIONS);
    assertThat(requests).hasSize(2);
    assertThat(form(requests.get(0)))
        .containsEntry("flow_data[type]", "subscription_cancel")
        .containsEntry(
            "flow_data[subscription_cancel][subscription]", "sub_1hNEdcSb7kQ2wLn5P4c3ZkD7")
        .containsEntry("flow_data[after_completion][type]", "redirect");
    assertThat(form(requests.get(1)))
        .containsEntry("flow_data[type]", "subscription_update")
        .containsEntry(
            "flow_data[subscription_update][subscription]", "sub_1hNEdcSb7kQ2wLn5P4c3ZkD7");
  }

  @Test
  void invalidParameterNamesTheParameterAndRequest() {
    stubPost(stripe, CHECKOUT_SESSIONS, 400, "error-invalid-url.json", "req_InvalidUrl01");

    assertThatThrownBy(
            () -> adapter.createCheckoutSession(subscription(0, false), "checkout:key-5"))
        .isInstanceOfSatisfying(
            StripeCallException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.INVALID_REQUEST);
              assertThat(e.httpStatus()).contains(400);
              assertThat(e.param()).contains("success_url");
              assertThat(e.stripeCode()).contains("url_invalid");
              assertThat(e.requestId()).contains("req_InvalidUrl01");
              assertThat(e.operation()).isEqualTo("create a checkout session");
            });
    assertThat(posts(stripe, CHECKOUT_SESSIONS)).as("4xx is not retried").hasSize(1);
  }

  @Test
  void missingResourceIsAnInvalidRequest() {
    stubPost(stripe, CHECKOUT_SESSIONS, 404, "error-resource-missing.json", "req_Missing01");

    assertThatThrownBy(
            () -> adapter.createCheckoutSession(subscription(0, false), "checkout:key-6"))
        .isInstanceOfSatisfying(
            StripeCallException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.INVALID_REQUEST);
              assertThat(e.param()).contains("customer");
              assertThat(e.stripeCode()).contains("resource_missing");
            });
  }

  @Test
  void serverErrorIsRetriedWithTheSameIdempotencyKeyThenReported() {
    stubPost(stripe, CUSTOMERS, 500, "error-api.json", "req_Boom500");

    assertThatThrownBy(
            () ->
                adapter.createCustomer(
                    new NewCustomer("tenant-acme", null, null), "customer:tenant-acme"))
        .isInstanceOfSatisfying(
            StripeCallException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.STRIPE_ERROR);
              assertThat(e.httpStatus()).contains(500);
              assertThat(e.requestId()).contains("req_Boom500");
              assertThat(e.getMessage()).contains("req_Boom500").doesNotContain(SECRET_KEY);
            });
    var attempts = posts(stripe, CUSTOMERS);
    assertThat(attempts).hasSize(1 + StripeSettings.DEFAULT_MAX_NETWORK_RETRIES);
    assertThat(attempts)
        .allSatisfy(
            r -> assertThat(r.getHeader("Idempotency-Key")).isEqualTo("customer:tenant-acme"));
  }

  @Test
  void authenticationRateLimitAndIdempotencyFailuresAreClassified() {
    stubPost(stripe, CUSTOMERS, 401, "error-authentication.json", "req_Auth01");
    assertThatThrownBy(() -> adapter.createCustomer(new NewCustomer("t", null, null), "customer:t"))
        .isInstanceOfSatisfying(
            StripeCallException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.AUTHENTICATION);
              assertThat(e.getMessage()).doesNotContain("sk_test");
            });

    stubPost(stripe, CUSTOMERS, 400, "error-idempotency.json", "req_Idem01");
    assertThatThrownBy(() -> adapter.createCustomer(new NewCustomer("t", null, null), "customer:t"))
        .isInstanceOfSatisfying(
            StripeCallException.class,
            e -> assertThat(e.kind()).isEqualTo(FailureKind.IDEMPOTENCY));

    stripe
        .wireMock()
        .stubFor(
            post(urlPathEqualTo(CUSTOMERS))
                .willReturn(
                    json(429, "error-rate-limit.json", "req_Rate01")
                        .withHeader("Stripe-Should-Retry", "false")));
    assertThatThrownBy(() -> adapter.createCustomer(new NewCustomer("t", null, null), "customer:t"))
        .isInstanceOfSatisfying(
            StripeCallException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
              assertThat(e.httpStatus()).contains(429);
            });
  }

  @Test
  void readTimeoutIsUnreachableAfterRetries() {
    stripe
        .wireMock()
        .stubFor(
            post(urlPathEqualTo(PORTAL_SESSIONS))
                .willReturn(
                    json(200, "billing_portal.session.json", "req_slow")
                        .withFixedDelay(READ_TIMEOUT_MILLIS * 4)));

    assertThatThrownBy(
            () ->
                adapter.createPortalSession(
                    new PortalSessionSpec(
                        CUSTOMER,
                        "https://app.example.com/account",
                        Optional.empty(),
                        PortalFlowType.NONE,
                        null)))
        .isInstanceOfSatisfying(
            StripeCallException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.UNREACHABLE);
              assertThat(e.httpStatus()).isEmpty();
              assertThat(e.requestId()).isEmpty();
            });
    assertThat(posts(stripe, PORTAL_SESSIONS))
        .hasSize(1 + StripeSettings.DEFAULT_MAX_NETWORK_RETRIES);
  }

  @Test
  void settingsNeverPrintTheKey() {
    assertThat(StripeSettings.of(SECRET_KEY, Optional.empty()).toString())
        .doesNotContain(SECRET_KEY);
  }
}
