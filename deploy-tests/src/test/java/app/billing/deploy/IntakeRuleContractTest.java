package app.billing.deploy;

import static app.billing.deploy.Template.list;
import static app.billing.deploy.Template.map;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.event.HandledEventTypes;
import app.billing.intake.IntakeService;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The optional Stripe → EventBridge intake: the rule on the partner event bus sends exactly the
 * handled types, everything of it exists only when {@code StripeEventSourceName} is set, and no
 * event is lost on the way (EventBridge's and Lambda's retries, then one DLQ).
 */
class IntakeRuleContractTest {
  static final Template template = Template.get();
  static final String FUNCTION = "IntakeFunction";
  static final String CONDITION = "HasStripeEventSource";

  static Map<String, Object> rule() {
    return template.eventsOfType(FUNCTION, "EventBridgeRule").getFirst();
  }

  @Test
  void theRuleMatchesExactlyTheHandledTypesFromStripesPartnerSource() {
    Map<String, Object> pattern = map(rule().get("Pattern"));
    assertThat(new TreeSet<>(list(pattern.get("detail-type"))))
        .as("the rule's detail-type list (add new HandledEventTypes to template.yaml)")
        .isEqualTo(new TreeSet<>(HandledEventTypes.ALL));
    assertThat(list(pattern.get("source")))
        .containsExactly(Map.of("prefix", IntakeService.STRIPE_SOURCE_PREFIX));
    assertThat(rule().get("EventBusName")).isEqualTo(Map.of("Ref", "StripeEventSourceName"));
  }

  @Test
  void everyIntakeResourceExistsOnlyWhenTheEventSourceIsSet() {
    assertThat(map(template.document.get("Conditions")).get(CONDITION))
        .isEqualTo(
            Map.of(
                "Fn::Not",
                List.of(
                    Map.of("Fn::Equals", List.of(Map.of("Ref", "StripeEventSourceName"), "")))));
    assertThat(map(template.parameters().get("StripeEventSourceName")))
        .containsEntry("Default", "");
    for (String resource : template.resources().keySet()) {
      boolean intake =
          resource.startsWith("Intake")
              || Template.references(template.resource(resource)).stream()
                  .anyMatch(r -> r.startsWith("Intake"));
      if (intake) {
        assertThat(template.resource(resource))
            .as("%s is part of the optional intake", resource)
            .containsEntry("Condition", CONDITION);
      }
    }
  }

  @Test
  void failedDeliveriesAreRetriedThenKeptInTheIntakeDlq() {
    Map<String, Object> retry = map(rule().get("RetryPolicy"));
    assertThat(((Number) retry.get("MaximumRetryAttempts")).intValue()).isPositive();
    assertThat(map(rule().get("DeadLetterConfig")))
        .containsEntry("Arn", Map.of("Fn::GetAtt", List.of("IntakeDeadLetterQueue", "Arn")));
    Map<String, Object> invoke = map(template.properties(FUNCTION).get("EventInvokeConfig"));
    assertThat(((Number) invoke.get("MaximumRetryAttempts")).intValue()).isPositive();
    assertThat(map(map(invoke.get("DestinationConfig")).get("OnFailure")))
        .containsEntry("Type", "SQS")
        .containsEntry(
            "Destination", Map.of("Fn::GetAtt", List.of("IntakeDeadLetterQueue", "Arn")));
    assertThat(template.properties("IntakeDeadLetterQueue"))
        .as("EventBridge's DLQs are standard queues")
        .doesNotContainKey("FifoQueue");
    // The on-failure destination is sent to with the function's role, on that queue only.
    assertThat(
            template.statements(template.roleOf(FUNCTION).orElseThrow()).stream()
                .filter(s -> "OnFailure".equals(s.get("Sid")))
                .toList())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(TemplateContractTest.actions(s)).containsExactly("sqs:SendMessage");
              assertThat(Template.references(s.get("Resource")))
                  .containsExactly("IntakeDeadLetterQueue");
            });
  }

  @Test
  void theIntakeEnqueuesOntoTheQueueProvisioningConsumes() {
    assertThat(template.environment(FUNCTION).get("EVENT_QUEUE_URL"))
        .isEqualTo(Map.of("Ref", "EventQueue"));
    assertThat(template.environment(FUNCTION).get("STRIPE_MODE"))
        .isEqualTo(Map.of("Ref", "StripeMode"));
  }
}
