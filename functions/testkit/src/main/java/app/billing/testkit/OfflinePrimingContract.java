package app.billing.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.crac.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * What every function's SnapStart priming must do: run the request path on canned input and send
 * nothing. A function's test extends this and supplies its primer; the SDK endpoints it names point at
 * a watched stand-in ({@link OfflineCheck}).
 */
public abstract class OfflinePrimingContract {
  private final List<String> endpointProperties;
  private OfflineCheck offline;

  /** @param endpointProperties SDK endpoint properties of the clients the function builds */
  protected OfflinePrimingContract(String... endpointProperties) {
    this.endpointProperties = List.of(endpointProperties);
  }

  /** Runs the function's primer once (throws if a step did not run as expected). */
  protected abstract void prime() throws Exception;

  /** The CRaC resource the function registers for SnapStart. */
  protected abstract Resource checkpointResource();

  @BeforeEach
  void watch() {
    offline = OfflineCheck.start(endpointProperties.toArray(String[]::new));
  }

  @AfterEach
  void stop() {
    offline.close();
  }

  @Test
  void primingRunsTheRequestPathWithoutAnyNetworkCall() throws Exception {
    prime();
    offline.assertNothingSent();
  }

  @Test
  void theCheckpointHookPrimesAndChangesNothing() throws Exception {
    Resource resource = checkpointResource();
    resource.beforeCheckpoint(null);
    resource.afterRestore(null);
    offline.assertNothingSent();
    assertThat(MDC.getCopyOfContextMap()).as("no request context left behind").isNullOrEmpty();
  }
}
