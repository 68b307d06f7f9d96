package app.billing.checkout.handler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import app.billing.testkit.StripeStandIn;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stubs and request-journal reads for the Stripe stand-in; response bodies come from {@code stripe-api/}. */
final class StripeApi {
  static final String CUSTOMERS = "/v1/customers";
  static final String CHECKOUT_SESSIONS = "/v1/checkout/sessions";
  static final String PORTAL_SESSIONS = "/v1/billing_portal/sessions";

  private StripeApi() {}

  static String resource(String name) {
    return classpath("stripe-api/" + name);
  }

  static String classpath(String path) {
    try (InputStream in = StripeApi.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ResponseDefinitionBuilder json(int status, String resource, String requestId) {
    ResponseDefinitionBuilder response = aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(resource(resource));
    return requestId == null ? response : response.withHeader("request-id", requestId);
  }

  /** POST {@code path} answers {@code status} with the resource as body. */
  static void stubPost(StripeStandIn stripe, String path, int status, String resource, String requestId) {
    stripe.wireMock().stubFor(post(urlPathEqualTo(path)).willReturn(json(status, resource, requestId)));
  }

  static List<LoggedRequest> posts(StripeStandIn stripe, String path) {
    return stripe.wireMock().findAll(postRequestedFor(urlEqualTo(path)));
  }

  /** The only POST to {@code path}, decoded as the form Stripe receives. */
  static Map<String, String> onlyForm(StripeStandIn stripe, String path) {
    List<LoggedRequest> requests = posts(stripe, path);
    if (requests.size() != 1) {
      throw new AssertionError("expected one POST " + path + ", got " + requests.size());
    }
    return form(requests.getFirst());
  }

  /** {@code application/x-www-form-urlencoded} body as an ordered map; keys never repeat in Stripe forms. */
  static Map<String, String> form(LoggedRequest request) {
    Map<String, String> form = new LinkedHashMap<>();
    String body = request.getBodyAsString();
    if (body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (form.put(key, value) != null) {
        throw new AssertionError("form key " + key + " repeats in " + body);
      }
    }
    return form;
  }
}
