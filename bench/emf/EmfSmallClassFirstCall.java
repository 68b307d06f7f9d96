import app.billing.core.metrics.EmfMetrics;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** First EMF line with the project's EmfMetrics (gson) in a fresh JVM: ms from main() to flushed. */
public class EmfSmallClassFirstCall {
  public static void main(String[] args) {
    long start = System.nanoTime();
    EmfMetrics metrics = EmfMetrics.toStdout("StripeBilling", "provisioning");
    metrics.count("EmailsSent", Map.of("Kind", "welcome"));
    metrics.flush();
    System.err.println("first_call_ms " + TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start) / 1000.0);
  }
}
