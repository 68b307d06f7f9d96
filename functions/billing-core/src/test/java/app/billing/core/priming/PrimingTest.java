package app.billing.core.priming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import org.crac.Resource;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class PrimingTest {
  final List<String> calls = new ArrayList<>();

  @Test
  void theResourceRunsThePrimerBeforeTheCheckpointAndItsHookAfterRestore() throws Exception {
    Resource resource =
        Priming.resource(
            "test",
            new Priming.Primer() {
              @Override
              public void prime() {
                MDC.put("eventId", "evt_priming");
                calls.add("prime");
              }

              @Override
              public void afterRestore() {
                calls.add("restore");
              }
            });

    resource.beforeCheckpoint(null);
    resource.afterRestore(null);

    assertThat(calls).containsExactly("prime", "restore");
    assertThat(MDC.get("eventId")).as("no request context leaks into the snapshot").isNull();
  }

  @Test
  void aFailingPrimerNeverFailsTheCheckpoint() {
    Resource resource =
        Priming.resource(
            "broken",
            () -> {
              throw new IllegalStateException("boom");
            });

    assertThatCode(() -> resource.beforeCheckpoint(null)).doesNotThrowAnyException();
    assertThatCode(() -> resource.afterRestore(null)).doesNotThrowAnyException();
  }

  @Test
  void registeringOutsideSnapStartIsHarmless() {
    assertThatCode(() -> Priming.register("noop", () -> calls.add("prime")))
        .doesNotThrowAnyException();
    assertThat(calls).as("org.crac's default context never checkpoints in a plain JVM").isEmpty();
  }
}
