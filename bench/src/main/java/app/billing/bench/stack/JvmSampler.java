package app.billing.bench.stack;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Heap used and live threads of another JVM, sampled on a fixed period over JMX (the JDK's attach
 * API starts that JVM's local management agent; nothing is added to its command line).
 */
public final class JvmSampler implements AutoCloseable {
  /**
   * One sample: seconds since the sampler started, heap used and committed (bytes), live threads.
   */
  public record Sample(double atSeconds, long heapUsed, long heapCommitted, int threads) {}

  private final JMXConnector connector;
  private final MemoryMXBean memory;
  private final ThreadMXBean threads;
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private long startNanos;

  private JvmSampler(JMXConnector connector) throws IOException {
    this.connector = connector;
    MBeanServerConnection connection = connector.getMBeanServerConnection();
    this.memory =
        ManagementFactory.newPlatformMXBeanProxy(
            connection, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    this.threads =
        ManagementFactory.newPlatformMXBeanProxy(
            connection, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
  }

  /** Attaches to {@code pid}; call {@link #start} to begin sampling. */
  public static JvmSampler attach(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    return new JvmSampler(JMXConnectorFactory.connect(new JMXServiceURL(address)));
  }

  /** Takes a sample now and then every {@code periodSeconds}. */
  public void start(int periodSeconds) {
    startNanos = System.nanoTime();
    timer.scheduleAtFixedRate(this::sample, 0, periodSeconds, TimeUnit.SECONDS);
  }

  /** A sample now (also used for the last one, after the run). */
  public synchronized Sample sample() {
    try {
      var heap = memory.getHeapMemoryUsage();
      Sample s =
          new Sample(
              (System.nanoTime() - startNanos) / 1e9,
              heap.getUsed(),
              heap.getCommitted(),
              threads.getThreadCount());
      samples.add(s);
      return s;
    } catch (RuntimeException gone) {
      // The JVM went away: the samples so far stand.
      return null;
    }
  }

  public synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      connector.close();
    } catch (IOException ignored) {
      // already gone
    }
  }
}
