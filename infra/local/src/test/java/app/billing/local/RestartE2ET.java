package app.billing.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Data, emails and the demo tenant survive a restart; BILLING_LOCAL_API_KEY is honoured; --reset wipes. */
class RestartE2ET {
  private static final String CONFIGURED_KEY = "bk_live_LocalStackE2eConfiguredKey0123456789abcdefg";

  @Test
  void restartsKeepTheTenantItsDataAndEmailsUntilReset() throws Exception {
    Path dir = Path.of("target", "e2e-data", "restart").toAbsolutePath();
    LocalStack.deleteRecursively(dir);

    String tenantId;
    try (RunningStack first = RunningStack.startIn(dir, Map.of("BILLING_LOCAL_API_KEY", CONFIGURED_KEY))) {
      assertThat(first.info().apiKey()).isEqualTo(CONFIGURED_KEY);
      tenantId = first.info().tenantId();
      String checkoutUrl = first.checkout("{\"plan\":\"onboarding_workshop\"}");
      assertThat(first.postForm(checkoutUrl + "/pay", Map.of()).status()).isEqualTo(303);
      first.awaitSubscription("credits", s -> s.get("credits_balance").getAsLong() == 5);
      RunningStack.await("the receipt", () -> first.emails().size(), n -> n == 1);
    }
    assertThat(Files.list(dir.resolve("emails")).filter(f -> f.toString().endsWith(".eml")).count()).isEqualTo(1);
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
      assertThat(second.emails().get(0).getAsJsonObject().get("html").getAsString()).contains("Onboarding workshop");
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

  private static int status(RunningStack stack, String apiKey) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(stack.url("/billing/subscription")))
        .header("Authorization", "Bearer " + apiKey).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
