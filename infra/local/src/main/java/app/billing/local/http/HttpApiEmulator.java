package app.billing.local.http;

import app.billing.http.Routes;
import app.billing.http.Routes.Route;
import app.billing.testkit.InvocationContext;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API Gateway's HTTP API on 127.0.0.1, with the JDK's HttpServer: serves exactly the routes of
 * {@link Routes#ALL} (the project's one route table, which template.yaml is checked against), runs
 * the REQUEST authorizer (simple responses) before the protected ones, invokes the functions with
 * payload-format-2.0 events and writes their responses back, and answers like API Gateway where it
 * would: 404 {@code {"message":"Not Found"}} for an unknown route, 401 when the identity source is
 * missing, 403 when the authorizer says no, 500 when a function fails, 413 above 10 MB. Local pages
 * ({@link LocalPage}) are served on the same port for whatever no route matches.
 */
public final class HttpApiEmulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpApiEmulator.class);
  private static final Gson GSON = new Gson();

  /**
   * The authorizer's identity source (template.yaml: {@code Identity: Headers: [Authorization]}): a
   * request without it is refused with 401 before the authorizer runs. Lower-cased, as in the
   * event.
   */
  public static final String IDENTITY_HEADER = "authorization";

  /** API Gateway's integration timeout. */
  private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(30);

  /** template.yaml's Globals MemorySize. */
  public static final int FUNCTION_MEMORY_MB = 1024;

  /**
   * The Host headers answered: the loopback names only, any port. A DNS-rebinding page
   * (evil.example resolving to 127.0.0.1) sends its own name, so it cannot read the demo page
   * (which holds the demo API key), the mailbox or the webhook log.
   */
  private static final Pattern ALLOWED_HOST =
      Pattern.compile("(?i)(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]{1,5})?");

  /** How long {@link #close()} lets requests in progress finish (a webhook being enqueued). */
  private static final int STOP_GRACE_SECONDS = 5;

  /** A function behind a route: the handler's {@code handleRequest}. */
  @FunctionalInterface
  public interface HttpFunction {
    APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event, Context context);
  }

  /**
   * The Lambda authorizer: returns a simple response ({@code isAuthorized}, {@code context}) in any
   * shape Gson can serialize.
   */
  @FunctionalInterface
  public interface Authorizer {
    Object authorize(APIGatewayV2CustomAuthorizerEvent event, Context context);
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, HttpFunction> functions = new HashMap<>();
  private final List<LocalPage> pages = new ArrayList<>();
  private Authorizer authorizer;

  private HttpApiEmulator(HttpServer server) {
    this.server = server;
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Binds 127.0.0.1:{@code port} (0 for any free port); nothing is served before {@link #start()}.
   */
  public static HttpApiEmulator bind(int port) throws IOException {
    return new HttpApiEmulator(
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64));
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /**
   * @param function the function's module name, as in {@link Route#function()} ({@code checkout})
   */
  public HttpApiEmulator function(String function, HttpFunction handler) {
    functions.put(function, handler);
    return this;
  }

  /**
   * The route for a request, as API Gateway matches it: method and path exactly (no trailing-slash
   * folding).
   */
  static Optional<Route> match(String method, String path) {
    return Routes.ALL.stream()
        .filter(r -> r.method().equals(method) && r.path().equals(path))
        .findFirst();
  }

  public HttpApiEmulator authorizer(Authorizer authorizer) {
    this.authorizer = authorizer;
    return this;
  }

  public HttpApiEmulator page(LocalPage page) {
    pages.add(page);
    return this;
  }

  /**
   * @throws IllegalStateException when a route's function has no handler: every route of {@link
   *     Routes#ALL} is served, none answers 500 for want of wiring
   */
  public HttpApiEmulator start() {
    List<String> unwired =
        Routes.ALL.stream()
            .filter(r -> !functions.containsKey(r.function()))
            .map(r -> r.routeKey() + " (" + r.function() + ")")
            .toList();
    if (!unwired.isEmpty() || authorizer == null) {
      throw new IllegalStateException(
          "the HTTP API emulator has no handler for "
              + unwired
              + (authorizer == null ? " and no authorizer" : ""));
    }
    server.start();
    return this;
  }

  /**
   * Stops accepting requests at once, lets those in progress finish (up to {@value
   * #STOP_GRACE_SECONDS} s: a webhook answered 2xx is one whose event is queued), then closes every
   * connection.
   */
  @Override
  public void close() {
    server.stop(STOP_GRACE_SECONDS);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * True for a Host header naming this machine's loopback (127.0.0.1, localhost, [::1]), any port.
   */
  static boolean allowedHost(String host) {
    return host != null && ALLOWED_HOST.matcher(host).matches();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long started = System.nanoTime();
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    try {
      if (!allowedHost(exchange.getRequestHeaders().getFirst("Host"))) {
        log.warn("{} {} refused: Host header is not a loopback name", method, path);
        JsonObject error = new JsonObject();
        error.addProperty("code", "host_not_allowed");
        error.addProperty(
            "message",
            "The local stack answers only for Host 127.0.0.1, localhost or [::1] (with any port).");
        JsonObject body = new JsonObject();
        body.add("error", error);
        Exchanges.json(exchange, 421, body.toString());
        return;
      }
      var route = match(method, path);
      if (route.isPresent()) {
        int status = api(exchange, route.get());
        log.info(
            "{} {} -> {} ({} ms)", method, path, status, (System.nanoTime() - started) / 1_000_000);
        return;
      }
      for (LocalPage page : pages) {
        if (page.handle(exchange, method, exchange.getRequestURI().getPath())) {
          log.debug(
              "{} {} (local page) ({} ms)",
              method,
              path,
              (System.nanoTime() - started) / 1_000_000);
          return;
        }
      }
      gatewayError(exchange, 404, "Not Found", null);
    } catch (IOException e) {
      log.debug("client went away during {} {}: {}", method, path, e.toString());
    } catch (RuntimeException e) {
      log.error("local stack failed on {} {}", method, path, e);
      gatewayError(exchange, 500, "Internal Server Error", null);
    } finally {
      exchange.close();
    }
  }

  private int api(HttpExchange exchange, Route route) throws IOException {
    byte[] body = Exchanges.body(exchange);
    if (body == null) {
      return gatewayError(exchange, 413, "Request Entity Too Large", null);
    }
    ApiGatewayEvents.Request request = ApiGatewayEvents.read(exchange, body, port());
    Map<String, Object> authorizerContext = null;
    if (route.authorized()) {
      String identity = request.headers().get(IDENTITY_HEADER);
      if (identity == null || identity.isBlank()) {
        // API Gateway refuses a request without the identity source before the authorizer runs.
        return gatewayError(exchange, 401, "Unauthorized", request.requestId());
      }
      if (authorizer == null) {
        log.error("no authorizer is wired; refusing {}", route.routeKey());
        return gatewayError(exchange, 500, "Internal Server Error", request.requestId());
      }
      JsonObject decision;
      try {
        Object result =
            authorizer.authorize(
                ApiGatewayEvents.authorizerEvent(request, route, identity),
                new InvocationContext("authorizer", FUNCTION_MEMORY_MB, Duration.ofSeconds(5)));
        decision = toJson(result);
      } catch (RuntimeException e) {
        log.error("authorizer failed for {}", route.routeKey(), e);
        return gatewayError(exchange, 500, "Internal Server Error", request.requestId());
      }
      if (decision == null
          || !(decision.get("isAuthorized") instanceof JsonPrimitive allowed)
          || !allowed.isBoolean()) {
        log.error(
            "authorizer returned no simple response (isAuthorized) for {}: {}",
            route.routeKey(),
            decision);
        return gatewayError(exchange, 500, "Internal Server Error", request.requestId());
      }
      if (!allowed.getAsBoolean()) {
        return gatewayError(exchange, 403, "Forbidden", request.requestId());
      }
      authorizerContext = context(decision.get("context"));
    }
    HttpFunction function = functions.get(route.function());
    if (function == null) {
      log.error("no function is wired for {}", route.routeKey());
      return gatewayError(exchange, 500, "Internal Server Error", request.requestId());
    }
    APIGatewayV2HTTPResponse response;
    try {
      response =
          function.invoke(
              ApiGatewayEvents.httpEvent(request, route, authorizerContext),
              new InvocationContext(route.function(), FUNCTION_MEMORY_MB, FUNCTION_TIMEOUT));
    } catch (RuntimeException e) {
      log.error("function {} failed on {}", route.function(), route.routeKey(), e);
      return gatewayError(exchange, 500, "Internal Server Error", request.requestId());
    }
    if (response == null) {
      log.error("function {} returned no response on {}", route.function(), route.routeKey());
      return gatewayError(exchange, 500, "Internal Server Error", request.requestId());
    }
    return write(exchange, response, request.requestId());
  }

  private int write(HttpExchange exchange, APIGatewayV2HTTPResponse response, String requestId)
      throws IOException {
    int status = response.getStatusCode() == 0 ? 200 : response.getStatusCode();
    var headers = exchange.getResponseHeaders();
    if (response.getHeaders() != null) {
      response
          .getHeaders()
          .forEach(
              (name, value) -> {
                if (value != null) {
                  headers.set(name, value);
                }
              });
    }
    if (response.getMultiValueHeaders() != null) {
      response
          .getMultiValueHeaders()
          .forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
    }
    if (response.getCookies() != null) {
      response.getCookies().forEach(cookie -> headers.add("Set-Cookie", cookie));
    }
    headers.set("apigw-requestid", requestId);
    byte[] body =
        response.getBody() == null
            ? new byte[0]
            : response.getIsBase64Encoded()
                ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    return status;
  }

  /** API Gateway's own error responses: {@code {"message": "..."}}. */
  private static int gatewayError(
      HttpExchange exchange, int status, String message, String requestId) throws IOException {
    if (requestId != null) {
      exchange.getResponseHeaders().set("apigw-requestid", requestId);
    }
    Exchanges.json(exchange, status, "{\"message\":\"" + message + "\"}");
    return status;
  }

  private static JsonObject toJson(Object result) {
    if (result == null) {
      return null;
    }
    JsonElement element =
        result instanceof String text
            ? JsonParser.parseString(text)
            : result instanceof JsonElement json ? json : GSON.toJsonTree(result);
    return element.isJsonObject() ? element.getAsJsonObject() : null;
  }

  /** The authorizer context as API Gateway passes it on: strings, numbers and booleans. */
  private static Map<String, Object> context(JsonElement context) {
    Map<String, Object> values = new LinkedHashMap<>();
    if (context instanceof JsonObject object) {
      for (var entry : object.entrySet()) {
        if (entry.getValue() instanceof JsonPrimitive primitive) {
          values.put(
              entry.getKey(),
              primitive.isBoolean()
                  ? (Object) primitive.getAsBoolean()
                  : primitive.isNumber() ? primitive.getAsNumber() : primitive.getAsString());
        }
      }
    }
    return values;
  }
}
