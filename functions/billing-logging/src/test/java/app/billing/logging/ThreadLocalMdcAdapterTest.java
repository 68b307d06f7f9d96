package app.billing.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadLocalMdcAdapterTest {
  private final ThreadLocalMdcAdapter mdc = new ThreadLocalMdcAdapter();

  @Test
  void entriesArePerThreadSortedAndGoneWhenClearedOrRemoved() {
    mdc.put("outcome", "enqueued");
    mdc.put("eventId", "evt_1");

    assertThat(mdc.get("eventId")).isEqualTo("evt_1");
    assertThat(mdc.current().keySet()).containsExactly("eventId", "outcome");
    assertThat(mdc.getCopyOfContextMap()).isEqualTo(Map.of("eventId", "evt_1", "outcome", "enqueued"));

    mdc.remove("eventId");
    mdc.remove("outcome");
    assertThat(mdc.current()).isNull();
    assertThat(mdc.getCopyOfContextMap()).isNull();

    mdc.setContextMap(Map.of("tenantId", "t_1"));
    assertThat(mdc.get("tenantId")).isEqualTo("t_1");
    mdc.clear();
    assertThat(mdc.get("tenantId")).isNull();
  }

  @Test
  void aThreadStartedWithEntriesDoesNotInheritThem() throws Exception {
    mdc.put("eventId", "evt_parent");
    AtomicReference<String> seen = new AtomicReference<>("unset");

    Thread child = Thread.ofVirtual().start(() -> seen.set(mdc.get("eventId")));
    child.join();

    assertThat(seen.get()).isNull();
    mdc.clear();
  }

  @Test
  void theCopyIsACopyAndNullKeysAreRefused() {
    mdc.put("a", "1");
    mdc.getCopyOfContextMap().put("b", "2");

    assertThat(mdc.get("b")).isNull();
    assertThatThrownBy(() -> mdc.put(null, "x")).isInstanceOf(IllegalArgumentException.class);
    mdc.clear();
  }

  @Test
  void dequesByKey() {
    mdc.pushByKey("k", "1");
    mdc.pushByKey("k", "2");

    assertThat(mdc.popByKey("k")).isEqualTo("2");
    assertThat(mdc.getCopyOfDequeByKey("k")).containsExactly("1");
    mdc.clearDequeByKey("k");
    assertThat(mdc.getCopyOfDequeByKey("k")).isEmpty();
  }
}
