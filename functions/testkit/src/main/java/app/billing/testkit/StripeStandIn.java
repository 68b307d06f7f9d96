package app.billing.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Stand-in for api.stripe.com. Point stripe-java at it with {@code
 * StripeClient.builder().setApiBase(baseUrl())}. Paths match without query string, so expand[]
 * parameters do not matter.
 */
public final class StripeStandIn implements AutoCloseable {
  private final WireMockServer server;

  private StripeStandIn() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  public static StripeStandIn start() {
    return new StripeStandIn();
  }

  /** e.g. {@code http://127.0.0.1:54321}, without trailing slash (stripe-java appends /v1/...). */
  public String baseUrl() {
    return server.baseUrl();
  }

  /** GET {@code path} (e.g. "/v1/subscriptions/sub_123") answers 200 with {@code jsonBody}. */
  public void stubGet(String path, String jsonBody) {
    stubStatus("GET", path, 200, jsonBody);
  }

  /**
   * Like {@link #stubGet} with the body read from a classpath resource (e.g.
   * "stripe/subscription.json").
   */
  public void stubGetFromResource(String path, String classpathResource) {
    stubGet(path, readResource(classpathResource));
  }

  /** Any method on {@code path} answers {@code status} with {@code jsonBody}. Newer stubs win. */
  public void stubStatus(String method, String path, int status, String jsonBody) {
    server.stubFor(
        request(method, urlPathEqualTo(path))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(jsonBody)));
  }

  public int requestCount(String method, String path) {
    return server
        .countRequestsMatching(
            RequestPatternBuilder.newRequestPattern(
                    RequestMethod.fromString(method), urlPathEqualTo(path))
                .build())
        .getCount();
  }

  /** Raw access for stubs or verifications this class does not cover. */
  public WireMockServer wireMock() {
    return server;
  }

  /** Removes all stubs and clears the request journal. */
  public void reset() {
    server.resetAll();
  }

  @Override
  public void close() {
    server.stop();
  }

  private static String readResource(String name) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("Classpath resource not found: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + name, e);
    }
  }
}
