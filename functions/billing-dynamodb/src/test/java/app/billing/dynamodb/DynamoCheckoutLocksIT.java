package app.billing.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.port.CheckoutLocks;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoCheckoutLocksIT extends DynaliteTestSupport {
  static final Instant NOW = Instant.parse("2026-11-24T20:15:03Z");
  static final Instant UNTIL = NOW.plus(Duration.ofMinutes(35));

  DynamoCheckoutLocks locks;

  @BeforeEach
  void lockStore() {
    locks = new DynamoCheckoutLocks(dynamo, table);
  }

  Map<String, AttributeValue> lockItem() {
    return rawItem("TENANT#t_acme", "CHECKOUT_LOCK");
  }

  @Test
  void aFreeLockIsTakenAsAConditionalItemWithTheTtlAttribute() {
    assertThat(locks.acquire("t_acme", "request:a", NOW, UNTIL)).isPresent();

    Map<String, AttributeValue> item = lockItem();
    assertThat(Items.string(item, "type")).isEqualTo("CHECKOUT_LOCK");
    assertThat(Items.string(item, "holder")).isEqualTo("request:a");
    assertThat(Items.number(item, "expiresAt")).isEqualTo(UNTIL.getEpochSecond());
    assertThat(item).doesNotContainKey("sessionId");
  }

  @Test
  void anotherHolderIsRefusedUntilTheLockExpires() {
    locks.acquire("t_acme", "request:a", NOW, UNTIL);

    assertThat(locks.acquire("t_acme", "request:b", NOW.plusSeconds(60), UNTIL)).isEmpty();
    assertThat(locks.acquire("t_acme", "request:b", UNTIL.minusSeconds(1), UNTIL)).isEmpty();
    // Expired but not yet removed by TTL: free.
    assertThat(locks.acquire("t_acme", "request:b", UNTIL, UNTIL.plusSeconds(60))).isPresent();
    assertThat(Items.string(lockItem(), "holder")).isEqualTo("request:b");
  }

  @Test
  void theSameHolderRetakesItWithoutLosingTheSession() {
    locks.acquire("t_acme", "checkout:t_acme:client:k", NOW, UNTIL);
    locks.sessionCreated("t_acme", "checkout:t_acme:client:k", "cs_test_1");

    // The first attempt's time: the retry sends Stripe the same expires_at.
    assertThat(locks.acquire("t_acme", "checkout:t_acme:client:k", NOW.plusSeconds(5), UNTIL))
        .contains(NOW);
    assertThat(Items.string(lockItem(), "sessionId")).isEqualTo("cs_test_1");
  }

  @Test
  void locksArePerTenant() {
    locks.acquire("t_acme", "request:a", NOW, UNTIL);

    assertThat(locks.acquire("t_globex", "request:b", NOW, UNTIL)).isPresent();
  }

  @Test
  void releaseFreesTheLockOnlyForItsHolderAndOnlyWithoutASession() {
    locks.acquire("t_acme", "request:a", NOW, UNTIL);
    locks.release("t_acme", "request:b", NOW.plusSeconds(1));
    assertThat(locks.acquire("t_acme", "request:c", NOW.plusSeconds(2), UNTIL)).isEmpty();

    locks.release("t_acme", "request:a", NOW.plusSeconds(3));
    assertThat(locks.acquire("t_acme", "request:c", NOW.plusSeconds(3), UNTIL)).isPresent();

    locks.sessionCreated("t_acme", "request:c", "cs_test_2");
    locks.release("t_acme", "request:c", NOW.plusSeconds(4));
    assertThat(locks.acquire("t_acme", "request:d", NOW.plusSeconds(5), UNTIL)).isEmpty();
  }

  @Test
  void aSessionIsRecordedOnlyByTheHolderAndNothingIsCreatedForAMissingLock() {
    locks.acquire("t_acme", "request:a", NOW, UNTIL);
    locks.sessionCreated("t_acme", "request:b", "cs_test_other");
    assertThat(lockItem()).doesNotContainKey("sessionId");

    locks.sessionCreated("t_globex", "request:a", "cs_test_x");
    locks.release("t_globex", "request:a", NOW);
    assertThat(rawItem("TENANT#t_globex", "CHECKOUT_LOCK")).isNull();
  }

  @Test
  void currentReadsTheLockAndTakeOverSwapsOnlyTheNamedHolder() {
    assertThat(locks.current("t_acme")).isEmpty();
    locks.acquire("t_acme", "request:a", NOW, UNTIL);
    locks.sessionCreated("t_acme", "request:a", "cs_test_1");

    assertThat(locks.current("t_acme"))
        .contains(new CheckoutLocks.Lock("request:a", NOW, UNTIL.truncatedTo(ChronoUnit.SECONDS)));
    Instant later = NOW.plusSeconds(120);
    assertThat(locks.takeOver("t_acme", "request:x", "request:b", later, UNTIL)).isFalse();
    assertThat(locks.takeOver("t_acme", "request:a", "request:b", later, UNTIL)).isTrue();
    assertThat(locks.takeOver("t_acme", "request:a", "request:c", later, UNTIL)).isFalse();

    Map<String, AttributeValue> item = lockItem();
    assertThat(Items.string(item, "holder")).isEqualTo("request:b");
    assertThat(Items.string(item, "lockedAt")).isEqualTo(later.toString());
    assertThat(item).doesNotContainKey("sessionId");
  }

  @Test
  void ofTenRacingHoldersExactlyOneWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String holder = "request:" + i;
        Callable<Boolean> take =
            () -> {
              start.await();
              return locks.acquire("t_acme", holder, NOW, UNTIL).isPresent();
            };
        results.add(pool.submit(take));
      }
      start.countDown();
      int won = 0;
      for (Future<Boolean> result : results) {
        won += result.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
