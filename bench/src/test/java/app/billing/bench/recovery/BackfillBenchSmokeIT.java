package app.billing.bench.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backfill benchmark's harness runs, with two customers (the benchmark itself never runs in the
 * build).
 */
class BackfillBenchSmokeIT {
  @TempDir Path dir;

  @Test
  void twoCustomersAreBackfilledWithFourCallsEachPlusOneListing() throws Exception {
    BackfillBench.Result result = BackfillBench.run(2, dir.resolve("stack"));

    assertThat(result.counts().subscriptions()).isEqualTo(2);
    assertThat(result.counts().payments()).isEqualTo(2);
    assertThat(result.counts().entitlements()).isEqualTo(2);
    assertThat(result.counts().customers()).isEqualTo(2);
    // Per customer: subscriptions, invoices, entitlements, customer; plus one customer listing for
    // all.
    assertThat(result.stripeCalls()).isEqualTo(2 * 4 + 1);
    assertThat(result.line()).startsWith("BACKFILL customers=2 written=8");
  }
}
