package app.billing.core.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckoutTokenTest {
  static final String KEY = "checkout-token-test-key-0123456789abcdef";
  static final String OLD_KEY = "checkout-token-old-key-fedcba9876543210";
  static final String TENANT = "usr_8f3a1c2e";
  static final String CUSTOMER = "cus_QXg1o8vcGmoR32";

  final CheckoutToken token = CheckoutToken.fromSecret(KEY);

  static Map<String, String> metadata(String tenantId, String checkoutToken) {
    Map<String, String> metadata = new HashMap<>();
    metadata.put("tenantId", tenantId);
    metadata.put("catalog_key", "pro");
    if (checkoutToken != null) {
      metadata.put("checkout_token", checkoutToken);
    }
    return metadata;
  }

  @Test
  void aTokenOurCheckoutSignedVerifies() {
    String signed = token.sign(TENANT, CUSTOMER);

    assertThat(signed).startsWith("v1.").hasSizeLessThan(500);
    assertThat(token.verify(metadata(TENANT, signed), TENANT, CUSTOMER)).isTrue();
  }

  @Test
  void aMissingTokenOrMetadataDoesNotVerify() {
    assertThat(token.verify(metadata(TENANT, null), TENANT, CUSTOMER)).isFalse();
    assertThat(token.verify(null, TENANT, CUSTOMER)).isFalse();
    assertThat(token.verify(Map.of(), TENANT, CUSTOMER)).isFalse();
    assertThat(token.verify(metadata(TENANT, ""), TENANT, CUSTOMER)).isFalse();
  }

  @Test
  void aTamperedTokenDoesNotVerify() {
    String signed = token.sign(TENANT, CUSTOMER);
    char last = signed.charAt(signed.length() - 1);
    String flipped = signed.substring(0, signed.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertThat(token.verify(metadata(TENANT, flipped), TENANT, CUSTOMER)).isFalse();
    assertThat(token.verify(metadata(TENANT, signed + "A"), TENANT, CUSTOMER)).isFalse();
    assertThat(token.verify(metadata(TENANT, "v2" + signed.substring(2)), TENANT, CUSTOMER))
        .isFalse();
  }

  @Test
  void anotherTenantsTokenDoesNotVerify() {
    String acme = token.sign(TENANT, CUSTOMER);

    // The buyer names another tenant next to a copied token...
    assertThat(token.verify(metadata("usr_2b7d9e41", acme), "usr_2b7d9e41", CUSTOMER)).isFalse();
    // ...or the metadata names one tenant and the caller would link another.
    assertThat(token.verify(metadata(TENANT, acme), "usr_2b7d9e41", CUSTOMER)).isFalse();
  }

  @Test
  void aTokenIsBoundToItsCustomer() {
    String signed = token.sign(TENANT, CUSTOMER);

    assertThat(token.verify(metadata(TENANT, signed), TENANT, "cus_Buyer000001")).isFalse();
    assertThat(token.verify(metadata(TENANT, signed), TENANT, null)).isFalse();
  }

  @Test
  void fieldsCannotRunIntoEachOther() {
    assertThat(token.sign("ab", "cus_1")).isNotEqualTo(token.sign("a", "bcus_1"));
  }

  @Test
  void aTokenSignedWithAnotherKeyDoesNotVerify() {
    String foreign = CheckoutToken.fromSecret(OLD_KEY).sign(TENANT, CUSTOMER);

    assertThat(token.verify(metadata(TENANT, foreign), TENANT, CUSTOMER)).isFalse();
  }

  @Test
  void whileAKeyIsRolledTheFirstSignsAndEitherVerifies() {
    CheckoutToken rolling = CheckoutToken.fromSecret(KEY + ", " + OLD_KEY);
    String before = CheckoutToken.fromSecret(OLD_KEY).sign(TENANT, CUSTOMER);

    assertThat(rolling.sign(TENANT, CUSTOMER)).isEqualTo(token.sign(TENANT, CUSTOMER));
    assertThat(rolling.verify(metadata(TENANT, before), TENANT, CUSTOMER)).isTrue();
  }

  @Test
  void shortKeysAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> CheckoutToken.fromSecret("short-key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("short-key");
    assertThatThrownBy(() -> CheckoutToken.fromSecret(KEY + ","))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringNeverShowsTheKey() {
    assertThat(token.toString()).doesNotContain(KEY).isEqualTo("CheckoutToken[keys=1]");
  }
}
