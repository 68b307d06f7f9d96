package app.billing.provisioning.adapter;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.testkit.StripeStandIn;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** A customer with more features than one page: every page is read. */
class EntitlementPagesTest {
  private static final String PATH = "/v1/entitlements/active_entitlements";

  @AutoClose final StripeStandIn stripe = StripeStandIn.start();

  @Test
  void twentyFiveFeaturesOverTwoPagesAreAllRead() {
    stripe
        .wireMock()
        .stubFor(
            get(urlPathEqualTo(PATH))
                .withQueryParam("starting_after", absent())
                .willReturn(okJson(page(1, 20, true))));
    stripe
        .wireMock()
        .stubFor(
            get(urlPathEqualTo(PATH))
                .withQueryParam("starting_after", equalTo("ent_20"))
                .willReturn(okJson(page(21, 25, false))));
    StripeApiGateway gateway =
        new StripeApiGateway(
            StripeClient.builder().setApiKey("sk_test_local").setApiBase(stripe.baseUrl()).build());

    List<String> keys = gateway.activeEntitlementLookupKeys("cus_many");

    assertThat(keys)
        .hasSize(25)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 25).mapToObj(i -> "feature_" + i).toList());
  }

  private static String page(int from, int to, boolean hasMore) {
    JsonArray data = new JsonArray();
    for (int i = from; i <= to; i++) {
      JsonObject e = new JsonObject();
      e.addProperty("id", "ent_" + i);
      e.addProperty("object", "entitlements.active_entitlement");
      e.addProperty("feature", "feat_" + i);
      e.addProperty("livemode", false);
      e.addProperty("lookup_key", "feature_" + i);
      data.add(e);
    }
    JsonObject list = new JsonObject();
    list.addProperty("object", "list");
    list.addProperty("url", PATH);
    list.addProperty("has_more", hasMore);
    list.add("data", data);
    return list.toString();
  }
}
