package app.billing.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stubs and request-journal reads for the {@link StripeStandIn}; response bodies come from
 * testkit's resources under {@code stripe-api/}, the one copy every module's tests share.
 */
public final class StripeApi {
  public static final String CUSTOMERS = "/v1/customers";
  public static final String CHECKOUT_SESSIONS = "/v1/checkout/sessions";
  public static final String PORTAL_SESSIONS = "/v1/billing_portal/sessions";

  private StripeApi() {}

  /**
   * A Stripe answer: {@code stripe-api/<name>}, or else Stripe's example object {@code
   * stripe/objects/<name>} when Stripe answers with it as it is (kept once, for the stand-in too).
   */
  public static String resource(String name) {
    String answer = "stripe-api/" + name;
    return StripeApi.class.getClassLoader().getResource(answer) != null
        ? TestResources.read(answer)
        : TestResources.read("stripe/objects/" + name);
  }

  /**
   * A JSON answer with the resource as body and, unless null, Stripe's {@code request-id} header.
   */
  public static ResponseDefinitionBuilder json(int status, String resource, String requestId) {
    ResponseDefinitionBuilder response =
        aResponse()
            .withStatus(status)
            .withHeader("Content-Type", "application/json")
            .withBody(resource(resource));
    return requestId == null ? response : response.withHeader("request-id", requestId);
  }

  /** POST {@code path} answers {@code status} with the resource as body. */
  public static void stubPost(
      StripeStandIn stripe, String path, int status, String resource, String requestId) {
    stripe
        .wireMock()
        .stubFor(post(urlPathEqualTo(path)).willReturn(json(status, resource, requestId)));
  }

  public static List<LoggedRequest> posts(StripeStandIn stripe, String path) {
    return stripe.wireMock().findAll(postRequestedFor(urlEqualTo(path)));
  }

  /** Every request Stripe received, for "nothing reached Stripe" assertions. */
  public static List<LoggedRequest> requests(StripeStandIn stripe) {
    return stripe.wireMock().getAllServeEvents().stream().map(e -> e.getRequest()).toList();
  }

  /** The only POST to {@code path}, decoded as the form Stripe receives. */
  public static Map<String, String> onlyForm(StripeStandIn stripe, String path) {
    List<LoggedRequest> requests = posts(stripe, path);
    if (requests.size() != 1) {
      throw new AssertionError("expected one POST " + path + ", got " + requests.size());
    }
    return form(requests.getFirst());
  }

  /**
   * {@code application/x-www-form-urlencoded} body as an ordered map; keys never repeat in Stripe
   * forms.
   */
  public static Map<String, String> form(LoggedRequest request) {
    Map<String, String> form = new LinkedHashMap<>();
    String body = request.getBodyAsString();
    if (body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (form.put(key, value) != null) {
        throw new AssertionError("form key " + key + " repeats in " + body);
      }
    }
    return form;
  }
}
