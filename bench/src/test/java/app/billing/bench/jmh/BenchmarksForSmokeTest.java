package app.billing.bench.jmh;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Param;

/**
 * Runs each benchmark method a few times outside JMH, with every {@link Param} value: checks set-up
 * only.
 */
public final class BenchmarksForSmokeTest {
  private BenchmarksForSmokeTest() {}

  public static Map<String, Double> runEachOnce() throws Exception {
    Map<String, Double> micros = new LinkedHashMap<>();
    WebhookBenchmark webhook = new WebhookBenchmark();
    webhook.setUp();
    try {
      micros.put("WebhookBenchmark.service", time(webhook::service));
      micros.put(
          "WebhookBenchmark.handlerWithSqsMarshalling", time(webhook::handlerWithSqsMarshalling));
    } finally {
      webhook.tearDown();
    }
    List<String> events =
        List.of(ProvisioningBenchmark.class.getField("event").getAnnotation(Param.class).value());
    List<String> emails =
        List.of(ProvisioningBenchmark.class.getField("emails").getAnnotation(Param.class).value());
    for (String event : events) {
      for (String email : emails) {
        ProvisioningBenchmark provisioning = new ProvisioningBenchmark();
        provisioning.event = event;
        provisioning.emails = email;
        provisioning.setUp();
        long before = provisioning.emailsSent();
        micros.put(
            "ProvisioningBenchmark.apply[" + event + ", " + email + "]",
            time(
                () -> {
                  provisioning.freshCopy();
                  return provisioning.apply();
                }));
        EMAILS_PER_APPLY.put(
            event + ", " + email, (provisioning.emailsSent() - before) / (double) RUNS);
      }
    }
    for (String kind : EmailBenchmark.class.getField("kind").getAnnotation(Param.class).value()) {
      EmailBenchmark emailBenchmark = new EmailBenchmark();
      emailBenchmark.kind = kind;
      emailBenchmark.setUp();
      micros.put("EmailBenchmark.compose[" + kind + "]", time(emailBenchmark::compose));
      micros.put(
          "EmailBenchmark.composeAndSend[" + kind + "]", time(emailBenchmark::composeAndSend));
    }
    return micros;
  }

  /**
   * Emails sent per {@code ProvisioningBenchmark.apply} call, by "event, emails" (filled by
   * runEachOnce).
   */
  public static final Map<String, Double> EMAILS_PER_APPLY = new LinkedHashMap<>();

  private static final int RUNS = 20;

  private static double time(Supplier<?> operation) {
    int n = RUNS;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (operation.get() == null) {
        throw new IllegalStateException("benchmark returned null");
      }
    }
    return (System.nanoTime() - start) / 1e3 / n;
  }
}
