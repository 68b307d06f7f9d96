package app.billing.local.events;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import app.billing.local.http.Exchanges;
import app.billing.local.http.LocalPage;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The local stack's EventBridge: answers PutEvents (JSON 1.1, {@code X-Amz-Target:
 * AWSEvents.PutEvents}) for the real EventBridgeClient, accepts every entry and keeps it in memory
 * for {@code GET /_local/outbound} ({@link #page()}) and the demo page. Like EventBridge it gives
 * each accepted entry a new id, so a republished event shows twice (consumers dedupe by the
 * detail's {@code id}).
 */
public final class LocalEventBus implements AutoCloseable {
  static final String PUT_EVENTS = "AWSEvents.PutEvents";
  public static final String PAGE_PATH = "/_local/outbound";

  /** One accepted entry. */
  public record Entry(
      String id,
      Instant received,
      String eventBusName,
      String source,
      String detailType,
      Instant time,
      JsonElement detail) {

    JsonObject toJson() {
      JsonObject json = new JsonObject();
      json.addProperty("id", id);
      json.addProperty("received", received.toString());
      json.addProperty("eventBusName", eventBusName);
      json.addProperty("source", source);
      json.addProperty("detailType", detailType);
      json.addProperty("time", time == null ? null : time.toString());
      json.add("detail", detail);
      return json;
    }
  }

  private final Clock clock;
  private final List<Entry> entries = new ArrayList<>();
  private final WireMockServer server;

  private LocalEventBus(Clock clock) {
    this.clock = clock;
    PutEventsHandler handler = new PutEventsHandler();
    server =
        new WireMockServer(
            options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .disableRequestJournal()
                .extensions(handler));
    server.start();
    server.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(PUT_EVENTS))
            .willReturn(aResponse().withTransformers(handler.getName())));
  }

  public static LocalEventBus start(Clock clock) {
    return new LocalEventBus(clock);
  }

  /** For {@code endpointOverride} / {@code AWS_ENDPOINT_URL_EVENTBRIDGE}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** Every accepted entry, oldest first. */
  public List<Entry> entries() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  /** {@code GET /_local/outbound}: the accepted entries as JSON, oldest first. */
  public LocalPage page() {
    return this::handle;
  }

  private boolean handle(HttpExchange exchange, String method, String path) throws IOException {
    if (!path.equals(PAGE_PATH) || !(method.equals("GET") || method.equals("HEAD"))) {
      return false;
    }
    JsonArray list = new JsonArray();
    entries().forEach(entry -> list.add(entry.toJson()));
    Exchanges.json(exchange, 200, list.toString());
    return true;
  }

  private JsonObject accept(String body) {
    JsonArray requested = JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("Entries");
    JsonArray results = new JsonArray();
    Instant now = clock.instant();
    synchronized (entries) {
      for (JsonElement element : requested) {
        JsonObject e = element.getAsJsonObject();
        String id = UUID.randomUUID().toString();
        entries.add(
            new Entry(
                id,
                now,
                string(e, "EventBusName"),
                string(e, "Source"),
                string(e, "DetailType"),
                e.has("Time")
                    ? Instant.ofEpochMilli((long) (e.get("Time").getAsDouble() * 1000))
                    : null,
                JsonParser.parseString(string(e, "Detail"))));
        JsonObject result = new JsonObject();
        result.addProperty("EventId", id);
        results.add(result);
      }
    }
    JsonObject response = new JsonObject();
    response.addProperty("FailedEntryCount", 0);
    response.add("Entries", results);
    return response;
  }

  private static String string(JsonObject object, String name) {
    JsonElement value = object.get(name);
    if (value == null || value.isJsonNull()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value.getAsString();
  }

  @Override
  public void close() {
    server.stop();
  }

  private final class PutEventsHandler implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      try {
        return aResponse()
            .withStatus(200)
            .withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody(accept(serveEvent.getRequest().getBodyAsString()).toString())
            .build();
      } catch (IllegalArgumentException | IllegalStateException | JsonParseException e) {
        JsonObject error = new JsonObject();
        error.addProperty("__type", "ValidationException");
        error.addProperty("message", e.getMessage());
        return aResponse()
            .withStatus(400)
            .withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody(error.toString())
            .build();
      }
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return "local-eventbridge-put-events";
    }
  }
}
