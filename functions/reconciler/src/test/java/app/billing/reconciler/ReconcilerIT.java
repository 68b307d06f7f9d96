package app.billing.reconciler;

import static app.billing.reconciler.StripeEventFixtures.customerCreated;
import static app.billing.reconciler.StripeEventFixtures.invoicePaid;
import static app.billing.reconciler.StripeEventFixtures.page;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
 * checkpoint in dynalite, the events on an ElasticMQ FIFO queue, read back as provisioning would get them.
 */
class ReconcilerIT {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final long T = NOW.getEpochSecond();
  static final AtomicInteger QUEUES = new AtomicInteger();

  @RegisterExtension
  static final DynamoOnDynalite DYNAMO = new DynamoOnDynalite("reconciler-", BillingTable::createIfMissing);

  @AutoClose
  static EmbeddedSqs sqs;
  @AutoClose
  static StripeStandIn stripe;

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
    queueUrl = sqs.createFifoQueueWithDlq("events-" + n + ".fifo", "events-dlq-" + n + ".fifo", 5, 30).queueUrl();
    stripe.reset();
  }

  /** A fresh service on the same table and queue, as a new container (or a restart) builds it. */
  ReconcilerService reconciler() {
    ReconcilerConfig config = ReconcilerConfig.fromEnvironment(Map.of("BILLING_TABLE", table, "EVENT_QUEUE_URL", queueUrl,
        "STRIPE_SECRET_KEY", "sk_test_reconciler", "STRIPE_API_BASE", stripe.baseUrl()));
    StripeClient client = config.stripe().client();
    StripeEventsAdapter events = new StripeEventsAdapter(client, 25, 3, Duration.ofMillis(50), Duration.ofMillis(200));
    return ReconcilerWiring.build(config, DYNAMO.client(), sqs.client(), events, clock);
  }

  ReconcileReport runOnce() {
    return reconciler().run(clock.instant().plusSeconds(60));
  }

  @Test
  void pagesNewestFirstAndEnqueuesEachEventAsTheWebhookWould() {
    JsonObject e1 = invoicePaid("evt_1", "cus_A", T - 500);
    JsonObject e2 = customerCreated("evt_2", "cus_B", T - 400);
    JsonObject e3 = invoicePaid("evt_3", "cus_B", T - 300);
    JsonObject e4 = invoicePaid("evt_4", "cus_A", T - 200);
    stubPage(null, page(List.of(e4, e3), true));
    stubPage("evt_3", page(List.of(e2, e1), false));

    ReconcileReport report = runOnce();

    assertThat(report.pages()).isEqualTo(2);
    assertThat(report.eventsFound()).isEqualTo(4);
    assertThat(report.eventsMissing()).isEqualTo(4);
    assertThat(report.eventsEnqueued()).isEqualTo(3);
    assertThat(report.eventsSkipped()).as("customer.created is not handled").isEqualTo(1);
    assertThat(report.walkFinished()).isTrue();
    assertThat(report.watermark()).isEqualTo(T);

    List<Message> messages = drain();
    assertThat(messages).extracting(m -> m.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
        .containsExactlyInAnyOrder("evt_4", "evt_3", "evt_1");
    for (Message m : messages) {
      String id = m.messageAttributes().get(SqsEventQueue.ATTRIBUTE_EVENT_ID).stringValue();
      String group = m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
      assertThat(group).isEqualTo(id.equals("evt_3") ? "cus_B" : "cus_A");
      assertThat(m.messageAttributes().get(SqsEventQueue.ATTRIBUTE_EVENT_TYPE).stringValue()).isEqualTo("invoice.paid");
      JsonObject sent = id.equals("evt_4") ? e4 : id.equals("evt_3") ? e3 : e1;
      assertThat(com.google.gson.JsonParser.parseString(m.body())).as("body is the event Stripe listed").isEqualTo(sent);
    }

    List<LoggedRequest> requests = eventRequests();
    assertThat(requests).hasSize(2);
    LoggedRequest first = requests.getFirst();
    assertThat(first.queryParameter("created[gt]").firstValue())
        .as("first walk: 72 h back, less the 10 min overlap").isEqualTo(String.valueOf(T - 72 * 3600 - 600));
    assertThat(first.queryParameter("delivery_success").firstValue()).isEqualTo("false");
    assertThat(first.queryParameter("limit").firstValue()).isEqualTo("100");
    assertThat(first.getUrl()).contains("types[0]=").contains("invoice.paid");
    assertThat(requests.get(1).queryParameter("starting_after").firstValue()).isEqualTo("evt_3");
  }

  @Test
  void theWatermarkSurvivesARestartAndTheNextWalkStartsAtItLessTheOverlap() {
    stubPage(null, page(List.of(invoicePaid("evt_9", "cus_A", T - 10)), false));
    runOnce();
    assertThat(new DynamoCheckpointStore(DYNAMO.client(), table, clock).load())
        .contains(ReconcilerCheckpoint.finished(T));

    clock.advance(Duration.ofMinutes(10));
    stripe.wireMock().resetRequests();
    ReconcileReport second = runOnce(); // a new service: nothing kept in memory

    assertThat(eventRequests().getFirst().queryParameter("created[gt]").firstValue())
        .isEqualTo(String.valueOf(T - 600));
    assertThat(second.watermark()).isEqualTo(T + 600);
  }

  @Test
  void a429IsRetriedWithBackoffAndNoPageIsLost() {
    JsonObject e1 = invoicePaid("evt_r1", "cus_A", T - 50);
    JsonObject e2 = invoicePaid("evt_r2", "cus_A", T - 40);
    JsonObject e3 = invoicePaid("evt_r3", "cus_A", T - 30);
    stubPage(null, page(List.of(e3, e2), true));
    // The second page answers 429 twice, then the page.
    String rateLimit = "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"rate_limit\","
        + "\"message\":\"Too many requests hit the API too quickly.\"}}";
    stripe.wireMock().stubFor(get(urlPathEqualTo("/v1/events")).withQueryParam("starting_after", equalTo("evt_r2"))
        .inScenario("429").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("once")
        .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json").withBody(rateLimit)));
    stripe.wireMock().stubFor(get(urlPathEqualTo("/v1/events")).withQueryParam("starting_after", equalTo("evt_r2"))
        .inScenario("429").whenScenarioStateIs("once").willSetStateTo("twice")
        .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json").withBody(rateLimit)));
    stripe.wireMock().stubFor(get(urlPathEqualTo("/v1/events")).withQueryParam("starting_after", equalTo("evt_r2"))
        .inScenario("429").whenScenarioStateIs("twice")
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(page(List.of(e1), false))));

    ReconcileReport report = runOnce();

    assertThat(report.eventsEnqueued()).isEqualTo(3);
    assertThat(report.walkFinished()).isTrue();
    assertThat(drain()).extracting(m -> m.messageAttributes().get(SqsEventQueue.ATTRIBUTE_EVENT_ID).stringValue())
        .containsExactlyInAnyOrder("evt_r1", "evt_r2", "evt_r3");
    assertThat(eventRequests()).as("page 1, two 429s, page 2").hasSize(4);
  }

  @Test
  void aWalkThatFailsMidwayResumesAfterTheLastEnqueuedPageOnTheNextRun() {
    stubPage(null, page(List.of(invoicePaid("evt_m3", "cus_A", T - 30), invoicePaid("evt_m2", "cus_A", T - 20)), true));
    // Page 2 stays rate-limited past every retry.
    stripe.wireMock().stubFor(get(urlPathEqualTo("/v1/events")).withQueryParam("starting_after", equalTo("evt_m2"))
        .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"rate_limit\",\"message\":\"slow down\"}}")));

    assertThatThrownBy(this::runOnce).isInstanceOf(StripeEventsUnavailableException.class);
    assertThat(new DynamoCheckpointStore(DYNAMO.client(), table, clock).load())
        .as("page 1 is on the queue, so the checkpoint moved past it; the watermark did not")
        .contains(new ReconcilerCheckpoint(T - 72 * 3600, T, "evt_m2"));
    assertThat(drain()).hasSize(2);

    // Stripe recovers; a later run (new container) goes on after evt_m2, in the same walk.
    clock.advance(Duration.ofMinutes(10));
    stubPage("evt_m2", page(List.of(invoicePaid("evt_m1", "cus_B", T - 10)), false));
    stripe.wireMock().resetRequests();
    ReconcileReport resumed = runOnce();

    assertThat(eventRequests()).hasSize(1);
    assertThat(eventRequests().getFirst().queryParameter("starting_after").firstValue()).isEqualTo("evt_m2");
    assertThat(resumed.eventsEnqueued()).isEqualTo(1);
    assertThat(resumed.watermark()).as("the walk's start, not the resuming run's").isEqualTo(T);
    assertThat(drain()).extracting(m -> m.messageAttributes().get(SqsEventQueue.ATTRIBUTE_EVENT_ID).stringValue())
        .containsExactly("evt_m1");
  }

  @Test
  void aRunStopsAtItsDeadlineAndLeavesACursor() {
    stubPage(null, page(List.of(invoicePaid("evt_d2", "cus_A", T - 20)), true));
    stubPage("evt_d2", page(List.of(invoicePaid("evt_d1", "cus_A", T - 10)), false));

    ReconcileReport report = reconciler().run(clock.instant()); // the budget is spent after one page

    assertThat(report.pages()).isEqualTo(1);
    assertThat(report.walkFinished()).isFalse();
    assertThat(new DynamoCheckpointStore(DYNAMO.client(), table, clock).load().orElseThrow().cursor())
        .isEqualTo("evt_d2");
  }

  private void stubPage(String startingAfter, String body) {
    var request = get(urlPathEqualTo("/v1/events"));
    request = startingAfter == null ? request.withQueryParam("starting_after", absent())
        : request.withQueryParam("starting_after", equalTo(startingAfter));
    stripe.wireMock().stubFor(request.willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(body)));
  }

  private List<LoggedRequest> eventRequests() {
    return stripe.wireMock().findAll(getRequestedFor(urlPathEqualTo("/v1/events")));
  }

  /** Every message on the queue, deleted as provisioning would after applying it. */
  private List<Message> drain() {
    List<Message> all = new ArrayList<>();
    while (true) {
      List<Message> batch = sqs.client().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
          .waitTimeSeconds(0).messageAttributeNames("All")
          .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID,
              MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID)).messages();
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
