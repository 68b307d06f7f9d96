package app.billing.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersTest {

  @Test
  void findsAHeaderWhateverTheCaseOfEitherName() {
    assertThat(Headers.find(Map.of("stripe-signature", "a"), "Stripe-Signature")).contains("a");
    assertThat(Headers.find(Map.of("STRIPE-SIGNATURE", "b"), "Stripe-Signature")).contains("b");
    assertThat(Headers.find(Map.of("Authorization", "c"), "authorization")).contains("c");
  }

  @Test
  void isEmptyWhenAbsent() {
    assertThat(Headers.find(Map.of("other", "z"), "Stripe-Signature")).isEmpty();
    assertThat(Headers.find(null, "Stripe-Signature")).isEmpty();
    Map<String, String> nullName = new HashMap<>();
    nullName.put(null, "x");
    assertThat(Headers.find(nullName, "authorization")).isEmpty();
  }

  @Test
  void theRequestReadsItsHeadersTheSameWay() {
    var event = ApiPriming.request("POST", "/billing/checkout", "t", "{}");
    event.setHeaders(Map.of("Idempotency-Key", "k1"));

    assertThat(new ApiRequest(event).header("idempotency-key")).contains("k1");
  }
}
