package app.billing.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.testkit.StripeSignatures;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A local stack started in-process on a free port with a data dir of its own, and an HTTP client
 * for it. Tests talk to the stack over HTTP only, like a developer's app or browser would.
 */
final class RunningStack implements AutoCloseable {
  static final String WEBHOOK_SECRET = "whsec_e2eLocalStackTestSecret0123456789";
  static final Duration WAIT = Duration.ofSeconds(20);

  private final LocalStack stack;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  record Response(int status, Map<String, String> headers, String body) {
    JsonElement json() {
      return JsonParser.parseString(body);
    }

    JsonObject object() {
      return json().getAsJsonObject();
    }

    String header(String name) {
      return headers.get(name.toLowerCase());
    }

    String errorCode() {
      return object().getAsJsonObject("error").get("code").getAsString();
    }
  }

  private RunningStack(LocalStack stack) {
    this.stack = stack;
  }

  /**
   * A fresh stack (empty data dir under target/e2e-data/{name}); {@code env} adds to the test
   * defaults.
   */
  static RunningStack start(String name, Map<String, String> env) {
    Path dir = Path.of("target", "e2e-data", name).toAbsolutePath();
    LocalData.deleteRecursively(dir);
    return startIn(dir, env);
  }

  /** A stack on an existing data dir (restarts). */
  static RunningStack startIn(Path dir, Map<String, String> env) {
    return startIn(dir, env, false);
  }

  /**
   * @param reset as {@code bin/local --reset}: wipe the data dir first
   */
  static RunningStack startIn(Path dir, Map<String, String> env, boolean reset) {
    Map<String, String> all =
        new HashMap<>(
            Map.of(
                "STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET,
                // Several checkouts per test run within one 10 s window are fine here.
                "CHECKOUT_RATE_LIMIT", "100",
                "PORTAL_RATE_LIMIT", "100"));
    all.putAll(env);
    LocalStackSettings settings = LocalStackSettings.forTest(dir, all);
    return new RunningStack(
        LocalStack.start(
            new LocalStackSettings(
                settings.port(), dir, reset, all, settings.queueVisibility(), settings.clock())));
  }

  /**
   * A fresh stack whose event queue hands a failed message out again after {@code visibility} (DLQ
   * tests).
   */
  static RunningStack startWithVisibility(
      String name, Map<String, String> env, Duration visibility) {
    Path dir = Path.of("target", "e2e-data", name).toAbsolutePath();
    LocalData.deleteRecursively(dir);
    Map<String, String> all =
        new HashMap<>(
            Map.of(
                "STRIPE_WEBHOOK_SECRET",
                WEBHOOK_SECRET,
                "CHECKOUT_RATE_LIMIT",
                "100",
                "PORTAL_RATE_LIMIT",
                "100"));
    all.putAll(env);
    LocalStackSettings settings = LocalStackSettings.forTest(dir, all);
    return new RunningStack(
        LocalStack.start(
            new LocalStackSettings(
                settings.port(), dir, false, all, visibility, settings.clock())));
  }

  LocalStack.Info info() {
    return stack.info();
  }

  /** What bin/local prints: the engines' endpoints among others (see {@link StackEndpoints}). */
  String banner() {
    return stack.banner();
  }

  String url(String path) {
    return path.startsWith("http") ? path : info().baseUrl() + path;
  }

  // ------------------------------------------------------------------ HTTP

  Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
  }

  Response getWithKey(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("Authorization", "Bearer " + info().apiKey())
            .GET());
  }

  Response postJsonWithKey(String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("Authorization", "Bearer " + info().apiKey())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response post(String path, Map<String, String> headers, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url(path)))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return send(request);
  }

  /** Any method with a body (the emulator reads one on every route, as API Gateway does). */
  Response send(String method, String path, Map<String, String> headers, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url(path)))
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return send(request);
  }

  /** A form POST as a browser sends it (the hosted pages' buttons). */
  Response postForm(String url, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(URI.create(url(url)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /**
   * Delivers an event payload to the webhook route, signed with the endpoint secret as Stripe
   * would.
   */
  Response deliverWebhook(String payload) {
    return post(
        "/webhooks/stripe",
        Map.of(
            "Content-Type",
            "application/json; charset=utf-8",
            "Stripe-Signature",
            StripeSignatures.header(
                payload, info().webhookSecret(), Instant.now().getEpochSecond())),
        payload);
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      Map<String, String> headers = new HashMap<>();
      response
          .headers()
          .map()
          .forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
      return new Response(response.statusCode(), headers, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ the app's view

  JsonObject subscription() {
    Response response = getWithKey("/billing/subscription");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.object();
  }

  JsonArray emails() {
    return get("/_local/emails").json().getAsJsonArray();
  }

  long emailsWithSubject(String fragment) {
    return emails().asList().stream()
        .filter(e -> e.getAsJsonObject().get("subject").getAsString().contains(fragment))
        .count();
  }

  JsonArray webhookDeliveries() {
    return get("/_local/events").json().getAsJsonArray();
  }

  /** The last delivered event of a type, as Stripe sent it. */
  JsonObject lastEvent(String type) {
    JsonObject found = null;
    for (JsonElement delivery : webhookDeliveries()) {
      if (delivery.getAsJsonObject().get("type").getAsString().equals(type)) {
        found = delivery.getAsJsonObject().getAsJsonObject("event");
      }
    }
    assertThat(found).as("a delivered " + type + " event").isNotNull();
    return found;
  }

  /**
   * Checkout through the API, as a new purchase (its own Idempotency-Key: without one, the same
   * request within 10 seconds is taken for a retry and gets the same session): returns the checkout
   * page URL.
   */
  String checkout(String json) {
    Response response =
        post(
            "/billing/checkout",
            Map.of(
                "Authorization", "Bearer " + info().apiKey(),
                "Content-Type", "application/json",
                "Idempotency-Key", "e2e-" + UUID.randomUUID()),
            json);
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.object().get("checkout_url").getAsString();
  }

  String portal() {
    Response response = postJsonWithKey("/billing/portal", "{}");
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.object().get("portal_url").getAsString();
  }

  // ------------------------------------------------------------------ waiting

  /**
   * Polls until the value satisfies the condition; fails with the last value after {@link #WAIT}.
   */
  static <T> T await(String what, Supplier<T> value, Predicate<T> condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = value.get();
      if (condition.test(last)) {
        return last;
      }
      sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what + "; last value: " + last);
  }

  JsonObject awaitSubscription(String what, Predicate<JsonObject> condition) {
    return await(what, this::subscription, condition);
  }

  static Predicate<JsonObject> status(String status) {
    return s -> status.equals(s.get("status").getAsString());
  }

  /** Waits until provisioning has taken every queued event (none waiting, none in flight). */
  void awaitQueueDrained() {
    await(
        "the event queue to drain",
        () -> get("/_local/queues").object().getAsJsonObject(LocalStack.QUEUE_NAME),
        q -> q.get("visible").getAsInt() == 0 && q.get("in_flight").getAsInt() == 0);
  }

  Optional<JsonObject> dlq() {
    JsonObject dlq = get("/_local/queues").object().getAsJsonObject(LocalStack.DLQ_NAME);
    return dlq.get("visible").getAsInt() == 0 ? Optional.empty() : Optional.of(dlq);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    stack.close();
  }
}
