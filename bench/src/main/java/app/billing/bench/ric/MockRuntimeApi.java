package app.billing.bench.ric;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * Lambda's Runtime API (2018-06-01) on loopback for ONE cold start: hands out one event on the
 * first {@code GET /runtime/invocation/next}, takes its {@code /response} or {@code /error}, and
 * records when each call arrived ({@link System#nanoTime()}), which is all a cold-start measurement
 * needs: init is done when the runtime first asks for work ({@code /invocation/next}, or {@code
 * /restore/next} after SnapStart's {@code beforeCheckpoint} hooks), the first invoke is done when
 * its response arrives. A second {@code /invocation/next} is never answered (the harness then ends
 * the process, as Lambda would freeze it). {@code /init/error} and {@code /restore/error} end the
 * run as a failure carrying the error Lambda would report.
 */
public final class MockRuntimeApi implements AutoCloseable {
  static final String PREFIX = "/2018-06-01/runtime/";
  static final String REQUEST_ID = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";

  /** Arrival times (nanoTime, 0 = never) and the outcome of the one invocation. */
  public static final class Timeline {
    public volatile long restoreNext;
    public volatile long firstNext;
    public volatile long response;
    public volatile String responseBody;
    final CompletableFuture<Timeline> done = new CompletableFuture<>();
  }

  private final HttpServer server;
  private final byte[] event;
  private final Timeline timeline = new Timeline();
  private boolean handedOut;

  public MockRuntimeApi(String eventJson) {
    this.event = eventJson.getBytes(StandardCharsets.UTF_8);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(PREFIX, this::handle);
    // A held /invocation/next occupies its thread until the server stops.
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> Thread.ofPlatform().daemon().name("runtime-api").unstarted(r)));
    server.start();
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
  public String address() {
    return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  public Timeline timeline() {
    return timeline;
  }

  /**
   * Completes with the timeline when the response arrives; fails with an init, restore or
   * invocation error.
   */
  public CompletableFuture<Timeline> done() {
    return timeline.done;
  }

  private void handle(HttpExchange exchange) throws IOException {
    long now = System.nanoTime();
    String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
    String method = exchange.getRequestMethod();
    byte[] body = exchange.getRequestBody().readAllBytes();
    if ("GET".equals(method) && path.equals("invocation/next")) {
      boolean first;
      synchronized (this) {
        first = !handedOut;
        handedOut = true;
      }
      if (!first) {
        return; // held open: the process is ended once its response is in
      }
      timeline.firstNext = now;
      var headers = exchange.getResponseHeaders();
      headers.add("Content-Type", "application/json");
      headers.add("Lambda-Runtime-Aws-Request-Id", REQUEST_ID);
      headers.add(
          "Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + 60_000));
      headers.add(
          "Lambda-Runtime-Invoked-Function-Arn",
          "arn:aws:lambda:us-east-1:123456789012:function:bench");
      headers.add(
          "Lambda-Runtime-Trace-Id",
          "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
      exchange.sendResponseHeaders(200, event.length);
      exchange.getResponseBody().write(event);
      exchange.close();
    } else if ("GET".equals(method) && path.equals("restore/next")) {
      timeline.restoreNext = now;
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    } else if ("POST".equals(method) && path.equals("invocation/" + REQUEST_ID + "/response")) {
      timeline.response = now;
      timeline.responseBody = new String(body, StandardCharsets.UTF_8);
      accepted(exchange);
      timeline.done.complete(timeline);
    } else if ("POST".equals(method)
        && (path.equals("invocation/" + REQUEST_ID + "/error")
            || path.equals("init/error")
            || path.equals("restore/error"))) {
      accepted(exchange);
      timeline.done.completeExceptionally(
          new IllegalStateException(path + ": " + new String(body, StandardCharsets.UTF_8)));
    } else {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      timeline.done.completeExceptionally(
          new IllegalStateException("unexpected call " + method + " " + path));
    }
  }

  private static void accepted(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    byte[] ok = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(202, ok.length);
    exchange.getResponseBody().write(ok);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
