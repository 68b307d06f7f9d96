package app.billing.eventbridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.outbound.OutboundMessage;
import app.billing.testkit.LocalAws;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** The real SDK client against a WireMock stub of EventBridge's JSON 1.1 API. */
class EventBridgeOutboundEventsTest {
  private static final String TARGET = "AWSEvents.PutEvents";

  private WireMockServer server;
  private EventBridgeClient client;
  private EventBridgeOutboundEvents bus;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    client =
        LocalAws.configure(
                EventBridgeClient.builder(), URI.create("http://127.0.0.1:" + server.port()))
            .build();
    bus =
        new EventBridgeOutboundEvents(
            client, "billing-events", 2, Duration.ofMillis(1), Duration.ofMillis(5));
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop();
  }

  @Test
  void putsEveryMessageInChunksOfTen() {
    stub(Scenario.STARTED, null, accepted(10));

    bus.publish(messages(12));

    List<LoggedRequest> requests = requests();
    assertThat(requests).hasSize(2);
    assertThat(entries(requests.get(0))).hasSize(10);
    JsonObject first = entries(requests.get(0)).get(0).getAsJsonObject();
    assertThat(first.get("EventBusName").getAsString()).isEqualTo("billing-events");
    assertThat(first.get("Source").getAsString()).isEqualTo("stripe-billing-lambda");
    assertThat(first.get("DetailType").getAsString()).isEqualTo("billing.access.changed");
    assertThat(first.get("Detail").getAsString()).isEqualTo("{\"id\":\"m0\"}");
    assertThat(entries(requests.get(1))).hasSize(2);
  }

  @Test
  void refusedEntriesAreRetriedAloneUntilAccepted() {
    stub(
        Scenario.STARTED,
        "retried",
        """
        {"FailedEntryCount": 1, "Entries": [{"EventId": "e1"},
          {"ErrorCode": "ThrottlingException", "ErrorMessage": "Rate exceeded"}, {"EventId": "e3"}]}
        """);
    stub("retried", null, accepted(1));

    bus.publish(messages(3));

    List<LoggedRequest> requests = requests();
    assertThat(requests).hasSize(2);
    assertThat(entries(requests.get(1))).hasSize(1);
    assertThat(entries(requests.get(1)).get(0).getAsJsonObject().get("Detail").getAsString())
        .isEqualTo("{\"id\":\"m1\"}");
  }

  @Test
  void entriesRefusedForGoodThrow() {
    stub(
        Scenario.STARTED,
        null,
        """
        {"FailedEntryCount": 1, "Entries": [
          {"ErrorCode": "InternalFailure", "ErrorMessage": "try later"}]}
        """);

    assertThatThrownBy(() -> bus.publish(messages(1)))
        .isInstanceOf(PublishFailedException.class)
        .hasMessageContaining("refused 1 of 1")
        .hasMessageContaining("InternalFailure");
    assertThat(requests()).as("the first try and two retries").hasSize(3);
  }

  @Test
  void anEntryRefusedForAReasonARetryCannotFixThrowsAtOnce() {
    stub(
        Scenario.STARTED,
        null,
        """
        {"FailedEntryCount": 1, "Entries": [
          {"ErrorCode": "NotAuthorizedForSourceException", "ErrorMessage": "no"}]}
        """);

    assertThatThrownBy(() -> bus.publish(messages(1)))
        .isInstanceOf(PublishFailedException.class)
        .hasMessageContaining("NotAuthorizedForSourceException");
    assertThat(requests()).hasSize(1);
  }

  private void stub(String state, String next, String body) {
    var mapping =
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(TARGET))
            .inScenario("put")
            .whenScenarioStateIs(state)
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(body));
    server.stubFor(next == null ? mapping : mapping.willSetStateTo(next));
  }

  private static String accepted(int count) {
    JsonArray entries = new JsonArray();
    IntStream.range(0, count)
        .forEach(
            i -> {
              JsonObject entry = new JsonObject();
              entry.addProperty("EventId", "e" + i);
              entries.add(entry);
            });
    JsonObject body = new JsonObject();
    body.addProperty("FailedEntryCount", 0);
    body.add("Entries", entries);
    return body.toString();
  }

  private List<LoggedRequest> requests() {
    return server.findAll(postRequestedFor(urlEqualTo("/")));
  }

  private static JsonArray entries(LoggedRequest request) {
    return JsonParser.parseString(request.getBodyAsString())
        .getAsJsonObject()
        .getAsJsonArray("Entries");
  }

  private static List<OutboundMessage> messages(int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                new OutboundMessage(
                    "m" + i,
                    "t_1:subscription:sub_1:1767225600:evt_" + i,
                    "billing.access.changed",
                    "t_1",
                    Instant.ofEpochSecond(1_767_225_600L),
                    "{\"id\":\"m" + i + "\"}"))
        .toList();
  }
}
