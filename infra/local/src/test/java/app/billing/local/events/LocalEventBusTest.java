package app.billing.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.access.AccessPolicy;
import app.billing.core.catalog.Catalog;
import app.billing.core.model.EventVersion;
import app.billing.core.model.SubscriptionRecord;
import app.billing.core.outbound.OutboundJson;
import app.billing.core.outbound.OutboundMapper;
import app.billing.eventbridge.EventBridgeOutboundEvents;
import app.billing.local.http.LocalPage;
import app.billing.testkit.LocalAws;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** The real EventBridge adapter against the local bus, read back through GET /_local/outbound. */
class LocalEventBusTest {

  @Test
  void publishedEventsAreListedAtLocalOutbound() throws Exception {
    OutboundMapper mapper =
        new OutboundMapper(
            Catalog.fromResource(Catalog.RESOURCE),
            new AccessPolicy(AccessPolicy.DEFAULT_PAST_DUE_GRACE));
    SubscriptionRecord active =
        new SubscriptionRecord(
            "t_1",
            "cus_1",
            "sub_1",
            "active",
            "pro",
            "price_14K14PSb7kQ2wLn5JNF92G3q",
            "monthly",
            1,
            null,
            null,
            null,
            false,
            null,
            null,
            null,
            null,
            null,
            new EventVersion(1_767_225_600L, "evt_1"));

    try (LocalEventBus bus = LocalEventBus.start(Clock.systemUTC());
        EventBridgeClient client =
            LocalAws.configure(EventBridgeClient.builder(), bus.endpoint()).build();
        PageServer server = new PageServer(bus.page())) {
      new EventBridgeOutboundEvents(client, "billing-events")
          .publish(mapper.subscription(null, active).stream().map(OutboundJson::message).toList());

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.baseUrl() + "/_local/outbound")).build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      JsonArray events = JsonParser.parseString(response.body()).getAsJsonArray();
      assertThat(events).hasSize(2);
      JsonObject access = events.get(1).getAsJsonObject();
      assertThat(access.get("detailType").getAsString()).isEqualTo("billing.access.changed");
      assertThat(access.get("source").getAsString()).isEqualTo("stripe-billing-lambda");
      assertThat(access.get("eventBusName").getAsString()).isEqualTo("billing-events");
      assertThat(access.get("time").getAsString())
          .isEqualTo(Instant.ofEpochSecond(1_767_225_600L).toString());
      JsonObject detail = access.getAsJsonObject("detail");
      assertThat(detail.get("tenantId").getAsString()).isEqualTo("t_1");
      assertThat(detail.getAsJsonObject("before").get("access").getAsString()).isEqualTo("none");
      assertThat(detail.getAsJsonObject("after").get("access").getAsString()).isEqualTo("full");
    }
  }

  /** The page alone on the JDK's server: the HTTP API emulator starts only with every function. */
  private static final class PageServer implements AutoCloseable {
    private final HttpServer server;

    PageServer(LocalPage page) throws java.io.IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            if (!page.handle(
                exchange, exchange.getRequestMethod(), exchange.getRequestURI().getPath())) {
              exchange.sendResponseHeaders(404, -1);
              exchange.close();
            }
          });
      server.start();
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
