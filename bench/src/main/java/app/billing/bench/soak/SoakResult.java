package app.billing.bench.soak;

import app.billing.bench.stack.JvmSampler;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The soak's outcome: the pass/fail rule, the summary line and the Markdown report. */
record SoakResult(
    int seconds,
    int rate,
    int tenants,
    double duplicateShare,
    double invalidShare,
    long seed,
    double setupSeconds,
    int planned,
    int newSent,
    int duplicatesSent,
    int invalidSent,
    int skippedOutstanding,
    int completed,
    double runSeconds,
    Map<String, Integer> statuses,
    int acknowledged,
    int invalidRefused,
    int invalidAccepted,
    int invalidOther,
    Histogram latency,
    Histogram service,
    boolean drained,
    double drainSeconds,
    int lost,
    int duplicateRecords,
    int invalidApplied,
    int unacknowledgedApplied,
    int emailsSent,
    int duplicateEmails,
    int receiptsMissing,
    int dlq,
    List<JvmSampler.Sample> samples,
    JvmSampler.Sample endSample,
    String samplerError,
    int samplePeriod) {

  boolean ok() {
    return drained
        && lost == 0
        && duplicateRecords == 0
        && duplicateEmails == 0
        && invalidApplied == 0
        && invalidAccepted == 0
        && receiptsMissing == 0
        && dlq == 0
        && skippedOutstanding == 0;
  }

  double achievedRate() {
    return completed / runSeconds;
  }

  static String ms(Histogram h, double percentile) {
    return String.format("%.1f ms", h.getValueAtPercentile(percentile) / 1000.0);
  }

  static String mib(long bytes) {
    return String.format("%.0f MiB", bytes / 1048576.0);
  }

  /** Largest heap used and thread count among the samples of [from, to) seconds. */
  String window(double from, double to) {
    long heap = -1;
    int threads = -1;
    for (JvmSampler.Sample s : samples) {
      if (s.atSeconds() >= from && s.atSeconds() < to) {
        heap = Math.max(heap, s.heapUsed());
        threads = Math.max(threads, s.threads());
      }
    }
    return heap < 0 ? "n/a" : "heap " + mib(heap) + " threads " + threads;
  }

  String endOfRun() {
    return endSample == null
        ? "n/a"
        : "heap " + mib(endSample.heapUsed()) + " threads " + endSample.threads();
  }

  String summaryLine() {
    return String.format(
        "SOAK %s seconds=%d rate=%d/s tenants=%d sent=%d (new %d, duplicates %d, invalid %d) achieved=%.1f/s "
            + "p50=%s p99=%s max=%s acknowledged=%d lost=%d duplicate_records=%d duplicate_emails=%d "
            + "receipts_missing=%d invalid_refused_400=%d/%d invalid_accepted=%d dlq=%d drain=%.1fs "
            + "minute1=[%s] last_minute=[%s] end=[%s]",
        ok() ? "OK" : "FAILED",
        seconds,
        rate,
        tenants,
        completed,
        newSent,
        duplicatesSent,
        invalidSent,
        achievedRate(),
        ms(latency, 50),
        ms(latency, 99),
        ms(latency, 100),
        acknowledged,
        lost,
        duplicateRecords,
        duplicateEmails,
        receiptsMissing,
        invalidRefused,
        invalidSent,
        invalidAccepted,
        dlq,
        drainSeconds,
        window(0, 60),
        window(Math.max(0, runSeconds - 60), runSeconds + 1),
        endOfRun());
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Soak: signed webhooks against the local stack (separate JVM)\n\n");
    md.append(
        String.format(
            "Parameters: seconds=%d rate=%d/s tenants=%d duplicates=%.2f invalid=%.2f seed=%d; setup (tenants "
                + "subscribed through the stand-in's checkout) %.1f s.%n%n",
            seconds, rate, tenants, duplicateShare, invalidShare, seed, setupSeconds));
    md.append("**Outcome: ").append(ok() ? "OK" : "FAILED").append("**\n\n");
    md.append("| deliveries planned | sent (new / duplicate / invalid) | not sent (over ")
        .append(OpenLoop.MAX_OUTSTANDING)
        .append(" outstanding) | answered | achieved | answers |\n|---:|---|---:|---:|---:|---|\n");
    md.append(
        String.format(
            "| %d | %d / %d / %d | %d | %d in %.1f s | %.1f/s | %s |%n%n",
            planned,
            newSent,
            duplicatesSent,
            invalidSent,
            skippedOutstanding,
            completed,
            runSeconds,
            achievedRate(),
            new java.util.TreeMap<>(statuses)));
    md.append(
        "Webhook latency from each delivery's intended send time (open loop; HdrHistogram), and the "
            + "time from the actual send (service time):\n\n");
    md.append("| | p50 | p90 | p99 | p99.9 | max |\n|---|---:|---:|---:|---:|---:|\n");
    for (var row :
        List.of(Map.entry("from intended send", latency), Map.entry("service time", service))) {
      Histogram h = row.getValue();
      md.append(
          String.format(
              "| %s | %s | %s | %s | %s | %s |%n",
              row.getKey(), ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), ms(h, 100)));
    }
    md.append("\n| check | result |\n|---|---:|\n");
    md.append("| queue drained after the run | ")
        .append(drained ? String.format("yes, %.1f s", drainSeconds) : "**no**")
        .append(" |\n");
    md.append("| events acknowledged (2xx) | ").append(acknowledged).append(" |\n");
    md.append("| acknowledged but not applied (lost) | ").append(lost).append(" |\n");
    md.append("| payment records twice | ").append(duplicateRecords).append(" |\n");
    md.append("| not acknowledged, yet applied | ").append(unacknowledgedApplied).append(" |\n");
    md.append("| invalid signatures refused with 400 | ")
        .append(invalidRefused)
        .append(" of ")
        .append(invalidSent)
        .append(" (accepted ")
        .append(invalidAccepted)
        .append(", other answers ")
        .append(invalidOther)
        .append(") |\n");
    md.append("| invalid events applied | ").append(invalidApplied).append(" |\n");
    md.append("| emails sent during the run | ").append(emailsSent).append(" |\n");
    md.append("| emails sent twice (same recipient and subject) | ")
        .append(duplicateEmails)
        .append(" |\n");
    md.append("| receipts missing for acknowledged events | ")
        .append(receiptsMissing)
        .append(" |\n");
    md.append("| DLQ messages | ").append(dlq).append(" |\n\n");
    md.append("The stack's JVM (`-Xmx512m`), sampled every ")
        .append(samplePeriod)
        .append(" s over JMX (heap used is instantaneous, garbage included):\n\n");
    if (samplerError != null) {
      md.append("Sampling failed: ").append(samplerError).append("\n");
    } else {
      md.append(
          "| s | phase | heap used | heap committed | live threads |\n|---:|---|---:|---:|---:|\n");
      for (JvmSampler.Sample s : samples) {
        md.append(
            String.format(
                "| %.0f | %s | %s | %s | %d |%n",
                s.atSeconds(),
                s.atSeconds() <= runSeconds + 0.5 ? "sending" : "draining the queue",
                mib(s.heapUsed()),
                mib(s.heapCommitted()),
                s.threads()));
      }
      md.append("\nMinute 1 (largest sample): ")
          .append(window(0, 60))
          .append("; last minute: ")
          .append(window(Math.max(0, runSeconds - 60), runSeconds + 1))
          .append("; at the end of the run: ")
          .append(endOfRun())
          .append(".\n");
    }
    return md.toString();
  }
}
