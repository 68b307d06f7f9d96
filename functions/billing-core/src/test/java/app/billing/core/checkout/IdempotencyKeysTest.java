package app.billing.core.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.error.ValidationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeysTest {
  @Test
  void customerKeyIsTheTenant() {
    assertThat(IdempotencyKeys.customer("tenant-acme")).isEqualTo("customer:tenant-acme");
  }

  @Test
  void checkoutKeyIsDeterministicAndNamesItsParts() {
    String a =
        IdempotencyKeys.checkout(
            "t1", "pro", "monthly", 2, 179_555_130L, "cus_1", "https://s", "https://c", false);
    String b =
        IdempotencyKeys.checkout(
            "t1", "pro", "monthly", 2, 179_555_130L, "cus_1", "https://s", "https://c", false);

    assertThat(a).isEqualTo(b).matches("checkout:t1:pro:monthly:2:179555130:[0-9a-f]{16}");
    assertThat(
            IdempotencyKeys.checkout(
                "t1", "pro", "monthly", 2, 179_555_130L, "cus_1", "https://s", "https://c", true))
        .isNotEqualTo(a);
    assertThat(
            IdempotencyKeys.checkout(
                "t1", "pro", "monthly", 2, 179_555_130L, "cus_2", "https://s", "https://c", false))
        .isNotEqualTo(a);
  }

  @Test
  void overlongKeysAreHashedWithinStripesLimit() {
    String key = IdempotencyKeys.customer("t".repeat(300));

    assertThat(key).hasSizeLessThanOrEqualTo(255).matches("customer:[0-9a-f]{64}");
    assertThat(IdempotencyKeys.customer("t".repeat(300))).isEqualTo(key);
  }

  @Test
  void clientKeysOfPrintableAsciiUpTo255AreTaken() {
    assertThat(IdempotencyKeys.clientKey(Optional.empty())).isEmpty();
    assertThat(IdempotencyKeys.clientKey(Optional.of("9b2f0c1e-4f7a-4c55-a9a1-0c3b8f1d2e77")))
        .contains("9b2f0c1e-4f7a-4c55-a9a1-0c3b8f1d2e77");
    assertThat(IdempotencyKeys.clientKey(Optional.of("k"))).contains("k");
    assertThat(IdempotencyKeys.clientKey(Optional.of("x".repeat(255)))).contains("x".repeat(255));
    assertThat(IdempotencyKeys.clientKey(Optional.of("order 42: retry ~!"))).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "tab\there", "line\nbreak", "caf\u00e9", "nul\u0000", "del\u007f"})
  void otherClientKeysAre400(String key) {
    assertThatThrownBy(() -> IdempotencyKeys.clientKey(Optional.of(key)))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code()).isEqualTo("invalid_idempotency_key");
              assertThat(e).isInstanceOf(ValidationException.class);
            });
  }

  @Test
  void overlongClientKeyIs400() {
    assertThatThrownBy(() -> IdempotencyKeys.clientKey(Optional.of("x".repeat(256))))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void clientKeysAreFoldedWithTheTenantAndBoundedForStripe() {
    String acme = IdempotencyKeys.checkoutForClient("tenant-acme", "k1");
    assertThat(acme)
        .startsWith("checkout:tenant-acme:client:")
        .isEqualTo(IdempotencyKeys.checkoutForClient("tenant-acme", "k1"));
    assertThat(IdempotencyKeys.checkoutForClient("tenant-globex", "k1")).isNotEqualTo(acme);
    assertThat(IdempotencyKeys.checkoutForClient("tenant-acme", "k2")).isNotEqualTo(acme);
    assertThat(IdempotencyKeys.portalForClient("tenant-acme", "k1"))
        .startsWith("portal:tenant-acme:client:");
    assertThat(IdempotencyKeys.checkoutForClient("t".repeat(300), "x".repeat(255)))
        .hasSizeLessThanOrEqualTo(255);
  }
}
