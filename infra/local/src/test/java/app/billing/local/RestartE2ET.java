package app.billing.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.local.RunningStack.Response;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Data, emails, the demo tenant and the Stripe stand-in's account survive a restart;
 * BILLING_LOCAL_API_KEY is honoured; --reset wipes.
 */
class RestartE2ET {
  private static final String CONFIGURED_KEY =
      "bk_live_LocalStackE2eConfiguredKey0123456789abcdefg";

  @Test
  void restartsKeepTheTenantItsDataAndEmailsUntilReset() throws Exception {
    Path dir = Path.of("target", "e2e-data", "restart").toAbsolutePath();
    LocalData.deleteRecursively(dir);

    String tenantId;
    try (RunningStack first =
        RunningStack.startIn(dir, Map.of("BILLING_LOCAL_API_KEY", CONFIGURED_KEY))) {
      assertThat(first.info().apiKey()).isEqualTo(CONFIGURED_KEY);
      tenantId = first.info().tenantId();
      String checkoutUrl = first.checkout("{\"plan\":\"onboarding_workshop\"}");
      assertThat(first.postForm(checkoutUrl + "/pay", Map.of()).status()).isEqualTo(303);
      first.awaitSubscription("credits", s -> s.get("credits_balance").getAsLong() == 5);
      RunningStack.await("the receipt", () -> first.emails().size(), n -> n == 1);
    }
    assertThat(Files.list(dir.resolve("emails")).filter(f -> f.toString().endsWith(".eml")).count())
        .isEqualTo(1);
    assertThat(Files.readString(dir.resolve("local-stack.json"))).doesNotContain(CONFIGURED_KEY);

    String generatedKey;
    try (RunningStack second = RunningStack.startIn(dir, Map.of())) {
      generatedKey = second.info().apiKey();
      assertThat(generatedKey).startsWith("bk_live_").isNotEqualTo(CONFIGURED_KEY);
      assertThat(second.info().tenantId()).isEqualTo(tenantId);
      assertThat(second.subscription().get("credits_balance").getAsLong()).isEqualTo(5);
      assertThat(second.emails()).hasSize(1);
      assertThat(second.emails().get(0).getAsJsonObject().get("subject").getAsString())
          .isEqualTo("Receipt for Onboarding workshop: $299.00");
      assertThat(second.emails().get(0).getAsJsonObject().get("html").getAsString())
          .contains("Onboarding workshop");
      // The configured key's hash is still stored: it keeps working.
      assertThat(status(second, CONFIGURED_KEY)).isEqualTo(200);
    }

    try (RunningStack third = RunningStack.startIn(dir, Map.of())) {
      assertThat(third.info().apiKey()).isEqualTo(generatedKey);
      assertThat(third.subscription().get("credits_balance").getAsLong()).isEqualTo(5);
    }

    try (RunningStack reset = RunningStack.startIn(dir, Map.of(), true)) {
      assertThat(reset.info().apiKey()).isNotEqualTo(generatedKey);
      assertThat(status(reset, generatedKey)).isEqualTo(403);
      assertThat(reset.subscription().get("credits_balance").getAsLong()).isZero();
      assertThat(reset.emails()).isEmpty();
    }
  }

  @Test
  void theStripeStandInKeepsItsAccountAcrossRestarts() throws Exception {
    Path dir = Path.of("target", "e2e-data", "restart-stripe").toAbsolutePath();
    LocalData.deleteRecursively(dir);

    String customerId;
    String checkoutUrl;
    String portalUrl;
    try (RunningStack first = RunningStack.startIn(dir, Map.of())) {
      checkoutUrl = first.checkout("{\"plan\":\"starter\",\"billing_cycle\":\"monthly\"}");
      assertThat(first.postForm(checkoutUrl + "/pay", Map.of()).status()).isEqualTo(303);
      customerId =
          first
              .awaitSubscription("trialing", RunningStack.status("trialing"))
              .get("stripe_customer_id")
              .getAsString();
      RunningStack.await(
          "the welcome email",
          () -> first.emailsWithSubject("Welcome to Acme Starter"),
          n -> n == 1);
      portalUrl = first.portal();
      first.awaitQueueDrained();
    }
    assertThat(dir.resolve(LocalStack.STRIPE_STATE_FILE)).isRegularFile();

    try (RunningStack second = RunningStack.startIn(dir, Map.of())) {
      // The tenant's stored customer and subscription still exist in the stand-in.
      JsonObject subscription = second.subscription();
      assertThat(subscription.get("status").getAsString()).isEqualTo("trialing");
      assertThat(subscription.get("plan").getAsString()).isEqualTo("starter");
      assertThat(subscription.get("stripe_customer_id").getAsString()).isEqualTo(customerId);
      assertThat(
              second
                  .get(checkoutUrl.replace(portOf(checkoutUrl), portOf(second.info().baseUrl())))
                  .body())
          .contains("This Checkout Session is complete");
      // A portal session opened before the restart still opens.
      assertThat(
              second
                  .get(portalUrl.replace(portOf(portalUrl), portOf(second.info().baseUrl())))
                  .status())
          .isEqualTo(200);

      // A deep link to cancelling (502 stripe_error when the stand-in forgot the customer).
      Response portal =
          second.postJsonWithKey("/billing/portal", "{\"flow\":\"subscription_cancel\"}");
      assertThat(portal.status()).as(portal.body()).isEqualTo(201);
      String cancel = portal.object().get("portal_url").getAsString();
      assertThat(second.get(cancel).body()).contains("Starter", "trialing");
      // The portal action sends a webhook; provisioning refetches the subscription from the
      // stand-in.
      assertThat(second.postForm(cancel + "/cancel-at-period-end", Map.of()).status())
          .isEqualTo(303);
      JsonObject scheduled =
          second.awaitSubscription(
              "cancel at period end", s -> s.get("cancel_at_period_end").getAsBoolean());
      assertThat(scheduled.get("status").getAsString()).isEqualTo("trialing");
      RunningStack.await(
          "the cancellation email",
          () -> second.emailsWithSubject("subscription will end on"),
          n -> n == 1);
      assertThat(
              second
                  .lastEvent("customer.subscription.updated")
                  .getAsJsonObject("data")
                  .getAsJsonObject("object")
                  .get("customer")
                  .getAsString())
          .isEqualTo(customerId);
      second.awaitQueueDrained();
      assertThat(second.dlq()).isEmpty();
    }

    try (RunningStack third = RunningStack.startIn(dir, Map.of())) {
      // The change made after the first restart was saved too.
      String home = third.portal();
      assertThat(third.get(home).body()).contains("cancels at period end");
      assertThat(third.subscription().get("cancel_at_period_end").getAsBoolean()).isTrue();
    }

    try (RunningStack reset = RunningStack.startIn(dir, Map.of(), true)) {
      assertThat(dir.resolve(LocalStack.STRIPE_STATE_FILE)).doesNotExist();
      assertThat(reset.subscription().get("status").getAsString()).isEqualTo("none");
    }
  }

  /** {@code :port/} of a URL on the stack (each start takes a free port). */
  private static String portOf(String url) {
    URI uri = URI.create(url);
    return ":" + uri.getPort() + "/";
  }

  private static int status(RunningStack stack, String apiKey) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stack.url("/billing/subscription")))
            .header("Authorization", "Bearer " + apiKey)
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
