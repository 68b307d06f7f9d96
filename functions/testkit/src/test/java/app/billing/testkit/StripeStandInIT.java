package app.billing.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Subscription;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StripeStandInIT {
  @AutoClose private static StripeStandIn stripe;
  private static StripeClient client;

  @BeforeAll
  static void start() {
    stripe = StripeStandIn.start();
    client =
        StripeClient.builder()
            .setApiKey("sk_test_x")
            .setApiBase(stripe.baseUrl())
            .setMaxNetworkRetries(0)
            .build();
  }

  @BeforeEach
  void reset() {
    stripe.reset();
  }

  @Test
  void stripeJavaRetrievesStubbedSubscription() throws Exception {
    stripe.stubGetFromResource("/v1/subscriptions/sub_123", "stripe/subscription.json");

    Subscription subscription = client.v1().subscriptions().retrieve("sub_123");

    assertThat(subscription.getId()).isEqualTo("sub_123");
    assertThat(subscription.getStatus()).isEqualTo("active");
    assertThat(subscription.getCustomer()).isEqualTo("cus_123");
    assertThat(stripe.requestCount("GET", "/v1/subscriptions/sub_123")).isEqualTo(1);
  }

  @Test
  void stubbedErrorStatusSurfacesAsStripeException() {
    stripe.stubStatus(
        "GET",
        "/v1/subscriptions/sub_missing",
        404,
        "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\",\"message\":\"No such subscription\"}}");

    assertThatThrownBy(() -> client.v1().subscriptions().retrieve("sub_missing"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.getCode()).isEqualTo("resource_missing"));
  }
}
