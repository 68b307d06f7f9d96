package app.billing.core.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
  private final ApiKeys keys = new ApiKeys();

  @Test
  void issuesPrefixedBase64UrlKeysOf32RandomBytes() {
    IssuedKey issued = keys.issue("t_acme", NOW);

    assertThat(issued.apiKey())
        .startsWith("bk_live_")
        .hasSize(8 + 43)
        .matches("bk_live_[A-Za-z0-9_-]{43}");
    assertThat(ApiKeys.isWellFormed(issued.apiKey())).isTrue();
    assertThat(issued.record().tenantId()).isEqualTo("t_acme");
    assertThat(issued.record().createdAt()).isEqualTo(NOW);
  }

  @Test
  void storesTheSha256AndDerivesTheKeyIdFromIt() {
    IssuedKey issued = keys.issue("t_acme", NOW);

    assertThat(issued.record().keyHash())
        .isEqualTo(ApiKeys.hash(issued.apiKey()))
        .matches("[0-9a-f]{64}");
    assertThat(issued.record().keyId()).isEqualTo(issued.record().keyHash().substring(0, 12));
    assertThat(ApiKeys.isKeyId(issued.keyId())).isTrue();
    assertThat(issued.record().keyHash()).doesNotContain(issued.apiKey());
  }

  @Test
  void hashIsLowerCaseHexSha256() {
    // echo -n abc | sha256sum
    assertThat(ApiKeys.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(ApiKeys.keyId(ApiKeys.hash("abc"))).isEqualTo("ba7816bf8f01");
  }

  @Test
  void keysAreUnique() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      assertThat(seen.add(keys.issue("t", NOW).apiKey())).isTrue();
    }
  }

  @Test
  void toStringNeverShowsThePlainKey() {
    IssuedKey issued = keys.issue("t_acme", NOW);

    assertThat(issued.toString())
        .doesNotContain(issued.apiKey())
        .contains(issued.keyId())
        .contains("redacted");
  }

  @Test
  void recognisesOnlyWellFormedKeys() {
    String good = keys.issue("t", NOW).apiKey();
    assertThat(ApiKeys.isWellFormed(good)).isTrue();
    assertThat(ApiKeys.isWellFormed(null)).isFalse();
    assertThat(ApiKeys.isWellFormed("")).isFalse();
    assertThat(ApiKeys.isWellFormed(good.substring(1))).isFalse();
    assertThat(ApiKeys.isWellFormed(good + "A")).isFalse();
    assertThat(ApiKeys.isWellFormed("bk_test_" + good.substring(8))).isFalse();
    assertThat(ApiKeys.isWellFormed(good.substring(0, 20) + "+" + good.substring(21))).isFalse();
    assertThat(ApiKeys.isWellFormed(good.substring(0, 20) + "=" + good.substring(21))).isFalse();
  }

  @Test
  void recognisesKeyIds() {
    assertThat(ApiKeys.isKeyId("ba7816bf8f01")).isTrue();
    assertThat(ApiKeys.isKeyId("BA7816BF8F01")).isFalse();
    assertThat(ApiKeys.isKeyId("ba7816bf8f0")).isFalse();
    assertThat(ApiKeys.isKeyId("ba7816bf8f0g")).isFalse();
    assertThat(ApiKeys.isKeyId(null)).isFalse();
  }
}
