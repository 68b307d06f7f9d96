package app.billing.core.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {
  @Test
  void customerKeyIsTheTenant() {
    assertThat(IdempotencyKeys.customer("tenant-acme")).isEqualTo("customer:tenant-acme");
  }

  @Test
  void checkoutKeyIsDeterministicAndNamesItsParts() {
    String a = IdempotencyKeys.checkout("t1", "pro", "monthly", 2, 179_555_130L, "cus_1", "https://s", "https://c", false);
    String b = IdempotencyKeys.checkout("t1", "pro", "monthly", 2, 179_555_130L, "cus_1", "https://s", "https://c", false);

    assertThat(a).isEqualTo(b).matches("checkout:t1:pro:monthly:2:179555130:[0-9a-f]{16}");
    assertThat(IdempotencyKeys.checkout("t1", "pro", "monthly", 2, 179_555_130L, "cus_1", "https://s", "https://c", true))
        .isNotEqualTo(a);
    assertThat(IdempotencyKeys.checkout("t1", "pro", "monthly", 2, 179_555_130L, "cus_2", "https://s", "https://c", false))
        .isNotEqualTo(a);
  }

  @Test
  void overlongKeysAreHashedWithinStripesLimit() {
    String key = IdempotencyKeys.customer("t".repeat(300));

    assertThat(key).hasSizeLessThanOrEqualTo(255).matches("customer:[0-9a-f]{64}");
    assertThat(IdempotencyKeys.customer("t".repeat(300))).isEqualTo(key);
  }
}
