package app.billing.bench.throughput;

import app.billing.bench.Engines;
import app.billing.bench.Events;
import app.billing.core.model.SubscriptionRecord;
import app.billing.dynamodb.DynamoBillingStore;
import app.billing.testkit.LocalAws;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One customer per phase (19 events each) through the whole pipeline, plus a short open-loop phase;
 * fails unless every planned event was applied and every customer's records read back from the
 * table are those of its last subscription event. Returns the Markdown report.
 */
public final class ThroughputForSmokeTest {
  private ThroughputForSmokeTest() {}

  public static String runTiny(Engines engines) throws Exception {
    return runTiny(engines, 0);
  }

  /**
   * @param groups 0: one FIFO group per customer; N: every event mapped onto N groups
   */
  public static String runTiny(Engines engines, int groups) throws Exception {
    int first = groups == 0 ? 0 : 1000 * groups;
    Options options =
        Options.parse(
            "warmup=1",
            "paced=1",
            "burst=1",
            "senders=2",
            "rate=200",
            "groups=" + groups,
            "firstCustomer=" + first,
            "rates=" + (groups == 0 ? "40" : ""),
            "seconds=1",
            "report=target/smoke-throughput.md");
    List<PhaseResult> results = Throughput.run(options, engines);
    int customers = 0;
    for (PhaseResult result : results) {
      customers += result.events() / Events.HANDLED_STORY.size();
      if (result.webhookErrors() > 0
          || result.failedBatchItems() > 0
          || result.applied() != result.events()) {
        throw new AssertionError(
            "phase "
                + result.name()
                + " applied "
                + result.applied()
                + " of "
                + result.events()
                + " events: "
                + result);
      }
    }
    List<String> wrong = new ArrayList<>();
    try (DynamoDbClient dynamo =
        LocalAws.configure(DynamoDbClient.builder(), engines.dynamoEndpoint()).build()) {
      DynamoBillingStore store = new DynamoBillingStore(dynamo, Engines.TABLE);
      for (int n = first; n < first + customers; n++) {
        String tenant = "usr_b" + n + "x8f3a1c2e";
        String lastSubscriptionEvent =
            Events.customerStory(n).stream()
                .filter(e -> e.type().startsWith("customer.subscription."))
                .reduce((a, b) -> b)
                .orElseThrow()
                .id();
        var record = store.subscription(tenant);
        if (record.isEmpty()
            || !record.get().version().eventId().equals(lastSubscriptionEvent)
            || !"canceled".equals(record.get().status())) {
          wrong.add(
              tenant
                  + ": "
                  + record.map(SubscriptionRecord::toString).orElse("no subscription record"));
        }
      }
    }
    if (!wrong.isEmpty()) {
      throw new AssertionError(
          wrong.size()
              + " of "
              + customers
              + " customers' records are not those of their "
              + "last event: "
              + wrong);
    }
    return ThroughputReport.markdown(options, results);
  }
}
