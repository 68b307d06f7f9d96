package app.billing.bench.jmh;

import app.billing.bench.Events;
import app.billing.core.catalog.Catalog;
import app.billing.core.email.EmailComposer;
import app.billing.core.email.EmailSettings;
import app.billing.core.model.Outcome;
import app.billing.core.provisioning.ProvisioningService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm CPU cost of applying one event ({@link ProvisioningService#process}) with the store, Stripe
 * and SES stubbed ({@link StubBillingStore}, {@link StubStripeGateway}, a no-op sender): envelope
 * read, typing the whole event with stripe-java's Gson, projection to records, audit entry, and —
 * with {@code emails=compose} — rendering the email the event calls for.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProvisioningBenchmark {
  @Param({
      "09-customer.subscription.created.json",
      "10-invoice.paid.json",
      "14-customer.subscription.updated.json",
      "08-checkout.session.completed.json",
      "12-customer.updated.json",
      "17-entitlements.active_entitlement_summary.updated.json"})
  public String event;

  /** {@code guarded}: email guards say already sent (steady state); {@code compose}: render + send (no-op). */
  @Param({"guarded", "compose"})
  public String emails;

  private String payload;
  private ProvisioningService service;

  @Setup
  public void setUp() throws Exception {
    payload = Events.story(event);
    var settings = new EmailSettings("Acme Billing <billing@acme.test>", List.of("support@acme.test"), "Acme",
        "https://app.acme.test/billing");
    service = new ProvisioningService(
        new StubBillingStore("usr_8f3a1c2e", "cus_1BREyS0ms3pllo", "guarded".equals(emails)),
        new StubStripeGateway(),
        Catalog.load(java.util.Optional.empty()),
        new EmailComposer(settings),
        email -> { },
        Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC));
    Outcome outcome = service.process(payload);
    if (outcome != Outcome.APPLIED) {
      throw new IllegalStateException(event + " gave " + outcome + ", not APPLIED");
    }
  }

  @Benchmark
  public Outcome apply() {
    return service.process(payload);
  }
}
