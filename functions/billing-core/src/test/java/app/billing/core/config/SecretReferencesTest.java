package app.billing.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretReferencesTest {
  static final String KEY_ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:billing/stripe-key-AbCdEf";
  static final String HOOK_ARN =
      "arn:aws:secretsmanager:us-east-1:123456789012:secret:billing/webhook-XyZ123";

  final List<String> reads = new ArrayList<>();

  String read(String arn) {
    reads.add(arn);
    return arn.equals(KEY_ARN) ? "sk_test_123\n" : "whsec_a,whsec_b";
  }

  @Test
  void fillsInEachReferencedVariableOnce() {
    Map<String, String> env =
        Map.of(
            "STRIPE_SECRET_KEY_ARN", KEY_ARN,
            "STRIPE_WEBHOOK_SECRETS_ARN", HOOK_ARN,
            "OTHER_SECRET_ARN", KEY_ARN,
            "BILLING_TABLE", "billing");

    Map<String, String> resolved = SecretReferences.resolve(env, this::read);

    assertThat(resolved)
        .containsEntry("STRIPE_SECRET_KEY", "sk_test_123")
        .containsEntry("OTHER_SECRET", "sk_test_123")
        .containsEntry("STRIPE_WEBHOOK_SECRETS", "whsec_a,whsec_b")
        .containsEntry("BILLING_TABLE", "billing")
        .containsEntry("STRIPE_SECRET_KEY_ARN", KEY_ARN);
    assertThat(reads).containsExactlyInAnyOrder(KEY_ARN, HOOK_ARN);
  }

  @Test
  void leavesAnEnvironmentWithoutReferencesAloneAndReadsNothing() {
    Map<String, String> env =
        Map.of(
            "STRIPE_SECRET_KEY",
            "sk_test_local",
            "STRIPE_SECRET_KEY_ARN",
            "",
            "ROLE_ARN",
            "arn:aws:iam::123456789012:role/x");

    assertThat(SecretReferences.resolve(env, this::read)).isSameAs(env);
    assertThat(reads).isEmpty();
  }

  @Test
  void refusesAVariableSetBothWays() {
    Map<String, String> env =
        Map.of("STRIPE_SECRET_KEY", "sk_test_plain", "STRIPE_SECRET_KEY_ARN", KEY_ARN);

    assertThatThrownBy(() -> SecretReferences.resolve(env, this::read))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly("set STRIPE_SECRET_KEY or STRIPE_SECRET_KEY_ARN, not both"));
    assertThat(reads).isEmpty();
  }

  @Test
  void namesTheVariableButNeverTheValueWhenASecretCannotBeRead() {
    Map<String, String> env =
        Map.of("STRIPE_SECRET_KEY_ARN", KEY_ARN, "STRIPE_WEBHOOK_SECRETS_ARN", HOOK_ARN);

    assertThatThrownBy(
            () ->
                SecretReferences.resolve(
                    env,
                    arn -> {
                      if (arn.equals(HOOK_ARN)) {
                        return " ";
                      }
                      throw new IllegalStateException("AccessDenied sk_live_leak");
                    }))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.problems())
                  .containsExactly(
                      "STRIPE_SECRET_KEY_ARN: secret "
                          + KEY_ARN
                          + " could not be read (IllegalStateException)",
                      "STRIPE_WEBHOOK_SECRETS_ARN: secret " + HOOK_ARN + " has no value");
              assertThat(e.getMessage()).doesNotContain("sk_live_leak");
            });
  }

  @Test
  void namesTheCauseTheStoreGives() {
    Map<String, String> env = Map.of("STRIPE_SECRET_KEY_ARN", KEY_ARN);

    assertThatThrownBy(
            () ->
                SecretReferences.resolve(
                    env,
                    arn -> {
                      throw new SecretReferences.SecretReadException(
                          "AccessDeniedException, HTTP 400", null);
                    }))
        .hasMessage(
            "Invalid configuration: STRIPE_SECRET_KEY_ARN: secret "
                + KEY_ARN
                + " could not be read (AccessDeniedException, HTTP 400)");
  }

  @Test
  void oneErrorNamesTheUnreadableSecretAndEveryOtherProblemButNotTheSecretAgainAsMissing() {
    Map<String, String> env = Map.of("STRIPE_SECRET_KEY_ARN", KEY_ARN);
    String unreadable =
        "STRIPE_SECRET_KEY_ARN: secret "
            + KEY_ARN
            + " could not be read (AccessDeniedException, HTTP 400)";

    assertThatThrownBy(
            () ->
                SecretReferences.resolveThenRead(
                    env,
                    e -> {
                      throw new ConfigException(List.of(unreadable));
                    },
                    e -> {
                      throw new ConfigException(
                          List.of(
                              "BILLING_TABLE is missing",
                              "STRIPE_SECRET_KEY is missing",
                              "CHECKOUT_SUCCESS_URL must be an https URL"));
                    }))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        unreadable,
                        "BILLING_TABLE is missing",
                        "CHECKOUT_SUCCESS_URL must be an https URL"));
  }

  @Test
  void readsWithTheResolvedVariablesAndFailsOnASecretProblemEvenWhenTheRestIsFine() {
    Map<String, String> env = Map.of("STRIPE_SECRET_KEY_ARN", KEY_ARN, "BILLING_TABLE", "billing");

    String read =
        SecretReferences.resolveThenRead(
            env,
            e -> SecretReferences.resolve(e, arn -> "sk_test_1"),
            e -> e.get("STRIPE_SECRET_KEY") + "@" + e.get("BILLING_TABLE"));
    assertThat(read).isEqualTo("sk_test_1@billing");
    assertThatThrownBy(
            () ->
                SecretReferences.resolveThenRead(
                    env, e -> SecretReferences.resolve(e, arn -> " "), e -> "built"))
        .hasMessage(
            "Invalid configuration: STRIPE_SECRET_KEY_ARN: secret " + KEY_ARN + " has no value");
    assertThatThrownBy(
            () ->
                SecretReferences.resolveThenRead(
                    Map.of(),
                    e -> e,
                    e -> {
                      throw new ConfigException(List.of("STRIPE_SECRET_KEY is missing"));
                    }))
        .hasMessage("Invalid configuration: STRIPE_SECRET_KEY is missing");
  }

  @Test
  void recognisesSecretsManagerArnsOnly() {
    assertThat(SecretReferences.isSecretArn(KEY_ARN)).isTrue();
    assertThat(
            SecretReferences.isSecretArn(
                "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:x"))
        .isTrue();
    assertThat(SecretReferences.isSecretArn("arn:aws:ssm:us-east-1:123456789012:parameter/x"))
        .isFalse();
    assertThat(SecretReferences.isSecretArn("sk_test_123")).isFalse();
    assertThat(SecretReferences.isSecretArn(null)).isFalse();
  }
}
