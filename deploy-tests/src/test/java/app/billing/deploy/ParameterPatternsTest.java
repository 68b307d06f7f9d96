package app.billing.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The template's parameters that end up in an IAM policy cannot widen it: their {@code
 * AllowedPattern} matches the real shape of the value and never a wildcard ({@code *}, {@code ?})
 * or a policy variable ({@code ${...}}). CloudFormation requires the whole value to match the
 * pattern, which is {@link java.util.regex.Matcher#matches()} here.
 */
class ParameterPatternsTest {
  static final Template template = Template.get();

  static boolean allowed(String parameter, String value) {
    Object pattern =
        template.parameters().get(parameter) instanceof Map<?, ?> p
            ? p.get("AllowedPattern")
            : null;
    assertThat(pattern).as("%s has an AllowedPattern", parameter).isInstanceOf(String.class);
    return Pattern.compile((String) pattern).matcher(value).matches();
  }

  /** Parameters named (Ref or ${X} in Sub) by a Resource of any role's policy statements. */
  static Set<String> parametersInIamResources() {
    Set<String> names = new TreeSet<>();
    for (String role : template.ofType("AWS::IAM::Role")) {
      for (Map<String, Object> statement : template.statements(role)) {
        Template.references(statement.get("Resource")).stream()
            .filter(template.parameters()::containsKey)
            .forEach(names::add);
      }
    }
    return names;
  }

  @Test
  void everyParameterInAnIamResourceRejectsWildcardsAndPolicyVariables() {
    Set<String> parameters = parametersInIamResources();
    assertThat(parameters)
        .containsExactlyInAnyOrder(
            "StripeSecretKeyArn",
            "StripeWebhookSecretsArn",
            "CheckoutTokenKeyArn",
            "SenderIdentity",
            "SesConfigurationSet",
            "PlanCatalogSource");
    List<String> widened = new ArrayList<>();
    for (String parameter : parameters) {
      String good = World.PARAMETERS.get(parameter);
      assertThat(allowed(parameter, good)).as("%s accepts %s", parameter, good).isTrue();
      for (String hostile : hostileVariants(good)) {
        if (allowed(parameter, hostile)) {
          widened.add(parameter + " accepts " + hostile);
        }
      }
    }
    assertThat(widened).isEmpty();
  }

  /** The good value with a wildcard or a policy variable in each position, or instead of a part. */
  static List<String> hostileVariants(String good) {
    List<String> variants =
        new ArrayList<>(
            List.of(
                "*",
                "?",
                "***",
                "${aws:username}",
                good + "*",
                good + "?",
                "*" + good,
                good + "\n",
                " " + good,
                good + ",*"));
    for (int i = 0; i < good.length(); i++) {
      variants.add(good.substring(0, i) + "*" + good.substring(i + 1));
      variants.add(good.substring(0, i) + "?" + good.substring(i + 1));
      variants.add(good.substring(0, i) + "${aws:userid}" + good.substring(i));
    }
    int lastColon = good.lastIndexOf(':');
    if (lastColon > 0) {
      variants.add(good.substring(0, lastColon + 1) + "*");
    }
    return variants;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe-billing/stripe-secret-key-AbCdEf",
        "arn:aws:secretsmanager:eu-central-2:123456789012:secret:prod.billing_webhook+secrets=1@acme-Z9y8X7",
        "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:billing/key-a1B2c3",
        "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:key-000000",
        "arn:aws-iso-b:secretsmanager:us-isob-east-1:123456789012:secret:key-abcdef"
      })
  void secretArnsOfEveryPartitionAndNameShapeAreAccepted(String arn) {
    assertThat(allowed("StripeSecretKeyArn", arn)).isTrue();
    assertThat(allowed("StripeWebhookSecretsArn", arn)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:*",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe*",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe-billing/key-??????",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe-billing/key-*",
        "arn:aws:secretsmanager:*:123456789012:secret:key-AbCdEf",
        "arn:aws:secretsmanager:us-east-1:*:secret:key-AbCdEf",
        "arn:aws:secretsmanager:us-east-1::secret:key-AbCdEf",
        "arn:*:secretsmanager:us-east-1:123456789012:secret:key-AbCdEf",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe-billing/stripe-secret-key",
        "arn:aws:secretsmanager:us-east-1:1234567890:secret:key-AbCdEf",
        "arn:aws:ssm:us-east-1:123456789012:parameter/key-AbCdEf",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:${aws:username}-AbCdEf",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbCdEf,arn:aws:secretsmanager:us-east-1:123456789012:secret:b-AbCdEf",
        "stripe-billing/stripe-secret-key",
        ""
      })
  void wildcardPartialOrForeignSecretArnsAreRefused(String arn) {
    assertThat(allowed("StripeSecretKeyArn", arn)).isFalse();
    assertThat(allowed("StripeWebhookSecretsArn", arn)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "acme.com",
        "billing.acme.co.uk",
        "xn--bcher-kva.example",
        "acme.test",
        "billing@acme.com",
        "first.last+billing@mail.acme.io",
        "no-reply_2@acme-payments.com"
      })
  void theSenderIdentityIsADomainOrAnAddress(String identity) {
    assertThat(allowed("SenderIdentity", identity)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*",
        "***",
        "*.acme.com",
        "acme.*",
        "*@acme.com",
        "billing@*",
        "billing@*.acme.com",
        "bill?ng@acme.com",
        "acme.co?",
        "${aws:username}@acme.com",
        "acme.com/*",
        "identity/*",
        "acme",
        "a@b@acme.com",
        "billing@acme.com,ops@acme.com",
        "Acme Billing <billing@acme.com>",
        "-acme.com",
        "acme-.com",
        "acme..com",
        "acme.com ",
        "acme.com\n",
        ""
      })
  void theSenderIdentityRefusesWildcardsListsAndOtherShapes(String identity) {
    assertThat(allowed("SenderIdentity", identity)).isFalse();
  }

  @Test
  void theConfigurationSetIsEmptyOrAName() {
    assertThat(allowed("SesConfigurationSet", "")).isTrue();
    assertThat(allowed("SesConfigurationSet", "billing-emails_2")).isTrue();
    for (String hostile :
        List.of("*", "billing-*", "billing?", "${aws:username}", "a/b", "x".repeat(65))) {
      assertThat(allowed("SesConfigurationSet", hostile)).as(hostile).isFalse();
    }
  }
}
