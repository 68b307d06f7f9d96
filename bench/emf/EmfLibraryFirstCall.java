import java.util.concurrent.TimeUnit;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/** First EMF line with aws-embedded-metrics in a fresh JVM: prints ms from main() to flushed. */
public class EmfLibraryFirstCall {
  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    MetricsLogger metrics = new MetricsLogger();
    metrics.setNamespace("StripeBilling");
    metrics.setDimensions(DimensionSet.of("Service", "provisioning", "Kind", "welcome"));
    metrics.putMetric("EmailsSent", 1, Unit.COUNT);
    metrics.flush();
    System.err.println("first_call_ms " + TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start) / 1000.0);
  }
}
