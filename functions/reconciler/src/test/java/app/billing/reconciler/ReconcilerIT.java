package app.billing.reconciler;

import static app.billing.reconciler.StripeEventFixtures.customerCreated;
import static app.billing.reconciler.StripeEventFixtures.invoicePaid;
import static app.billing.reconciler.StripeEventFixtures.page;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.reconcile.ReconcileReport;
import app.billing.core.reconcile.ReconcilerCheckpoint;
import app.billing.core.reconcile.ReconcilerService;
import app.billing.core.reconcile.StripeEventPages.StripeEventsUnavailableException;
import app.billing.dynamodb.BillingTable;
import app.billing.reconciler.adapter.DynamoCheckpointStore;
import app.billing.reconciler.adapter.StripeEventsAdapter;
import app.billing.reconciler.handler.ReconcilerWiring;
import app.billing.sqs.SqsEventQueue;
import app.billing.testkit.DynamoOnDynalite;
import app.billing.testkit.EmbeddedSqs;
import app.billing.testkit.MutableClock;
import app.billing.testkit.StripeStandIn;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The reconciler on real engines: Stripe's Events API on WireMock (pages, 429s, failures), the
 * checkpoint in dynalite, the events on an ElasticMQ FIFO queue, read back as provisioning would
 * get them.
 */
class ReconcilerIT {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final long T = NOW.getEpochSecond();
  static final AtomicInteger QUEUES = new AtomicInteger();

  @RegisterExtension
  static final DynamoOnDynalite DYNAMO =
      new DynamoOnDynalite("reconciler-", BillingTable::createIfMissing);

  @AutoClose static EmbeddedSqs sqs;
  @AutoClose static StripeStandIn stripe;

  final MutableClock clock = new MutableClock(NOW);
  String table;
  String queueUrl;

  @BeforeAll
  static void startEngines() {
    sqs = EmbeddedSqs.start();
    stripe = StripeStandIn.start();
  }

  @BeforeEach
  void freshTableQueueAndStubs() {
    table = DYNAMO.freshTable();
    int n = QUEUES.incrementAndGet();
    queueUrl =
        sqs.createFifoQueueWithDlq("events-" + n + ".fifo", "events-dlq-" + n + ".fifo", 5, 30)
            .queueUrl();
    stripe.reset();
  }

  /** A fresh service on the same table and queue, as a new container (or a restart) builds it. */
  ReconcilerService reconciler() {
    ReconcilerConfig config =
        ReconcilerConfig.fromEnvironment(
            Map.of(
                "BILLING_TABLE",
                table,
                "EVENT_QUEUE_URL",
                queueUrl,
                "STRIPE_SECRET_KEY",
                "sk_test_reconciler",
                "STRIPE_API_BASE",
                stripe.baseUrl()));
    StripeClient client = config.stripe().client();
    StripeEventsAdapter events =
        new StripeEventsAdapter(client, 25, 3, Duration.ofMillis(50), Duration.ofMillis(200));
    return ReconcilerWiring.service(
        config, new ReconcilerWiring.Clients(DYNAMO.client(), sqs.client(), events), clock);
  }

  ReconcileReport runOnce() {
    return reconciler().run(clock.instant().plusSeconds(60));
  }

  /** Where the first walk starts: 72 h back, less the 10 min overlap. */
  static final long FIRST_LOWER = T - 72 * 3600 - 600;

  static final long MIDDLE = FIRST_LOWER + (T - FIRST_LOWER) / 2;

  @Test
  void enqueuesEachListedEventOldestFirstAsTheWebhookWould() {
    JsonObject e1 = invoicePaid("evt_1", "cus_A", T - 500);
    JsonObject e2 = customerCreated("evt_2", "cus_B", T - 400);
    JsonObject e3 = invoicePaid("evt_3", "cus_B", T - 300);
    JsonObject e4 = invoicePaid("evt_4", "cus_A", T - 200);
    stubSlice(FIRST_LOWER, T, page(List.of(e4, e3, e2, e1), false));

    ReconcileReport report = runOnce();

    assertThat(report.pages()).isEqualTo(1);
    assertThat(report.eventsFound()).isEqualTo(4);
    assertThat(report.eventsMissing()).isEqualTo(4);
    assertThat(report.eventsEnqueued()).isEqualTo(3);
    assertThat(report.eventsSkipped()).as("customer.created is not handled").isEqualTo(1);
    assertThat(report.walkFinished()).isTrue();
    assertThat(report.watermark()).isEqualTo(T);

    List<Message> messages = drain();
    assertThat(messages)
        .extracting(m -> m.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
        .containsExactlyInAnyOrder("evt_4", "evt_3", "evt_1");
    assertThat(
            messages.stream()
                .filter(
                    m ->
                        "cus_A"
                            .equals(
                                m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))))
        .as("a customer's events in the order they happened")
        .extracting(m -> m.messageAttributes().get(SqsEventQueue.ATTRIBUTE_EVENT_ID).stringValue())
        .containsExactly("evt_1", "evt_4");
    for (Message m : messages) {
      String id = m.messageAttributes().get(SqsEventQueue.ATTRIBUTE_EVENT_ID).stringValue();
      String group = m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
      assertThat(group).isEqualTo(id.equals("evt_3") ? "cus_B" : "cus_A");
      assertThat(m.messageAttributes().get(SqsEventQueue.ATTRIBUTE_EVENT_TYPE).stringValue())
          .isEqualTo("invoice.paid");
      JsonObject sent = id.equals("evt_4") ? e4 : id.equals("evt_3") ? e3 : e1;
      assertThat(JsonParser.parseString(m.body()))
          .as("body is the event Stripe listed")
          .isEqualTo(sent);
    }

    LoggedRequest request = eventRequests().getFirst();
    assertThat(request.queryParameter("delivery_success").firstValue()).isEqualTo("false");
    assertThat(request.queryParameter("limit").firstValue()).isEqualTo("100");
    assertThat(request.getUrl()).contains("types[0]=").contains("invoice.paid");
  }

  @Test
  void aSliceWithMoreThanAPageIsHalvedAndEachHalfIsEnqueuedOldestFirst() {
    JsonObject e1 = invoicePaid("evt_h1", "cus_A", FIRST_LOWER + 100);
    JsonObject e2 = invoicePaid("evt_h2", "cus_A", FIRST_LOWER + 200);
    JsonObject e3 = invoicePaid("evt_h3", "cus_A", T - 200);
    JsonObject e4 = invoicePaid("evt_h4", "cus_A", T - 100);
    stubSlice(FIRST_LOWER, T, page(List.of(e4, e3), true));
    stubSlice(FIRST_LOWER, MIDDLE, page(List.of(e2, e1), false));
    stubSlice(MIDDLE, T, page(List.of(e4, e3), false));

    ReconcileReport report = runOnce();

    assertThat(report.pages()).as("the whole window, its first half, its second half").isEqualTo(3);
    assertThat(report.eventsEnqueued()).isEqualTo(4);
    assertThat(drain())
        .extracting(m -> m.messageAttributes().get(SqsEventQueue.ATTRIBUTE_EVENT_ID).stringValue())
        .containsExactly("evt_h1", "evt_h2", "evt_h3", "evt_h4");
  }

  @Test
  void theWatermarkSurvivesARestartAndTheNextWalkStartsAtItLessTheOverlap() {
    stubSlice(FIRST_LOWER, T, page(List.of(invoicePaid("evt_9", "cus_A", T - 10)), false));
    runOnce();
    assertThat(new DynamoCheckpointStore(DYNAMO.client(), table, clock).load())
        .contains(new ReconcilerCheckpoint(T));

    clock.advance(Duration.ofMinutes(10));
    stripe.wireMock().resetRequests();
    stubSlice(T - 600, T + 600, page(List.of(), false));
    ReconcileReport second = runOnce(); // a new service: nothing kept in memory

    assertThat(eventRequests()).hasSize(1);
    assertThat(second.eventsFound()).isZero();
    assertThat(second.watermark()).isEqualTo(T + 600);
  }

  @Test
  void a429IsRetriedWithBackoffAndNoPageIsLost() {
    String rateLimit =
        "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"rate_limit\","
            + "\"message\":\"Too many requests hit the API too quickly.\"}}";
    stripe
        .wireMock()
        .stubFor(
            get(urlPathEqualTo("/v1/events"))
                .inScenario("429")
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("once")
                .willReturn(
                    aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withBody(rateLimit)));
    stripe
        .wireMock()
        .stubFor(
            get(urlPathEqualTo("/v1/events"))
                .inScenario("429")
                .whenScenarioStateIs("once")
                .willSetStateTo("twice")
                .willReturn(
                    aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withBody(rateLimit)));
    stripe
        .wireMock()
        .stubFor(
            get(urlPathEqualTo("/v1/events"))
                .inScenario("429")
                .whenScenarioStateIs("twice")
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            page(
                                List.of(
                                    invoicePaid("evt_r2", "cus_A", T - 40),
                                    invoicePaid("evt_r1", "cus_A", T - 50)),
                                false))));

    ReconcileReport report = runOnce();

    assertThat(report.eventsEnqueued()).isEqualTo(2);
    assertThat(report.walkFinished()).isTrue();
    assertThat(drain())
        .extracting(m -> m.messageAttributes().get(SqsEventQueue.ATTRIBUTE_EVENT_ID).stringValue())
        .containsExactly("evt_r1", "evt_r2");
    assertThat(eventRequests()).as("two 429s, then the page").hasSize(3);
  }

  @Test
  void aRunThatFailsMidwayKeepsTheSlicesItEnqueuedAndTheNextRunGoesOnFromThere() {
    stubSlice(FIRST_LOWER, T, page(List.of(invoicePaid("evt_m3", "cus_A", T - 30)), true));
    stubSlice(
        FIRST_LOWER,
        MIDDLE,
        page(List.of(invoicePaid("evt_m1", "cus_A", FIRST_LOWER + 10)), false));
    // The second half stays rate-limited past every retry.
    stripe
        .wireMock()
        .stubFor(
            get(urlPathEqualTo("/v1/events"))
                .withQueryParam("created[gt]", equalTo(String.valueOf(MIDDLE)))
                .willReturn(
                    aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"rate_limit\",\"message\":\"slow down\"}}")));

    assertThatThrownBy(this::runOnce).isInstanceOf(StripeEventsUnavailableException.class);
    assertThat(new DynamoCheckpointStore(DYNAMO.client(), table, clock).load())
        .as("the first half is on the queue, so the watermark moved to its end")
        .contains(new ReconcilerCheckpoint(MIDDLE));
    assertThat(drain()).hasSize(1);

    // Stripe recovers; a later run (new container) starts at the first half's end, less the
    // overlap.
    clock.advance(Duration.ofMinutes(10));
    stripe.reset();
    stubSlice(MIDDLE - 600, T + 600, page(List.of(invoicePaid("evt_m3", "cus_A", T - 30)), false));
    ReconcileReport resumed = runOnce();

    assertThat(eventRequests()).hasSize(1);
    assertThat(resumed.eventsEnqueued()).isEqualTo(1);
    assertThat(resumed.watermark()).isEqualTo(T + 600);
    assertThat(drain())
        .extracting(m -> m.messageAttributes().get(SqsEventQueue.ATTRIBUTE_EVENT_ID).stringValue())
        .containsExactly("evt_m3");
  }

  @Test
  void aRunStopsAtItsDeadline() {
    stubSlice(FIRST_LOWER, T, page(List.of(invoicePaid("evt_d2", "cus_A", T - 20)), true));

    ReconcileReport report =
        reconciler().run(clock.instant()); // the budget is spent after one call

    assertThat(report.pages()).isEqualTo(1);
    assertThat(report.walkFinished()).isFalse();
    assertThat(drain()).isEmpty();
  }

  private void stubSlice(long createdAfter, long createdUpTo, String body) {
    stripe
        .wireMock()
        .stubFor(
            get(urlPathEqualTo("/v1/events"))
                .withQueryParam("created[gt]", equalTo(String.valueOf(createdAfter)))
                .withQueryParam("created[lte]", equalTo(String.valueOf(createdUpTo)))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
  }

  private List<LoggedRequest> eventRequests() {
    return stripe.wireMock().findAll(getRequestedFor(urlPathEqualTo("/v1/events")));
  }

  /** Every message on the queue, deleted as provisioning would after applying it. */
  private List<Message> drain() {
    List<Message> all = new ArrayList<>();
    while (true) {
      List<Message> batch =
          sqs.client()
              .receiveMessage(
                  r ->
                      r.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(0)
                          .messageAttributeNames("All")
                          .messageSystemAttributeNames(
                              MessageSystemAttributeName.MESSAGE_GROUP_ID,
                              MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
              .messages();
      if (batch.isEmpty()) {
        return all;
      }
      for (Message m : batch) {
        all.add(m);
        sqs.client().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
      }
    }
  }
}
