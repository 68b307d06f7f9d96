package app.billing.bench.throughput;

import app.billing.bench.Engines;
import java.util.List;

/** One customer per phase (19 events each) through the whole pipeline; returns the Markdown report. */
public final class ThroughputForSmokeTest {
  private ThroughputForSmokeTest() {}

  public static String runTiny(Engines engines) throws Exception {
    return runTiny(engines, 0);
  }

  /** @param groups 0: one FIFO group per customer; N: every event mapped onto N groups */
  public static String runTiny(Engines engines, int groups) throws Exception {
    Throughput.Options options = Throughput.Options.parse("warmup=1", "paced=1", "burst=1", "senders=2",
        "rate=200", "groups=" + groups, "firstCustomer=" + (groups == 0 ? 0 : 1000 * groups),
        "report=target/smoke-throughput.md");
    List<Throughput.PhaseResult> results = Throughput.run(options, engines);
    for (Throughput.PhaseResult result : results) {
      if (result.webhookErrors() > 0 || result.eventsPerSecond() <= 0 || result.dynamoCalls() == 0) {
        throw new AssertionError("phase " + result.name() + " did not apply every event: " + result);
      }
    }
    return Throughput.report(options, results);
  }
}
