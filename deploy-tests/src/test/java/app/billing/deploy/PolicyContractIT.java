package app.billing.deploy;

import static app.billing.deploy.Template.list;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.deploy.AwsCalls.Call;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, checked against what the code does: while every events/ file runs through its
 * function (EventsRun), {@link AwsCalls} records each AWS call each function makes (init included)
 * as the IAM action it needs. Each function's role must grant exactly those actions (plus what the
 * Lambda service itself does with the role: logs, and the SQS event source's reads), each on the
 * template resource the call named.
 */
class PolicyContractIT {
  static final EventsRun run = EventsRun.get();
  static final Template template = Template.get();

  /**
   * Statements the Lambda service needs, not the function's code; checked by shape in
   * TemplateContractTest ("OnFailure": Lambda sends a failed asynchronous invocation to the
   * function's on-failure destination with its role; IntakeRuleContractTest).
   */
  static final Set<String> PLATFORM_SIDS = Set.of("Logs", "EventSource", "OnFailure");

  /** What an SQS event source mapping does with the function's role. */
  static final Set<String> SQS_EVENT_SOURCE =
      Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes");

  @Test
  void everyRecordedCallIsOnAServiceTheContractKnows() {
    assertThat(AwsCalls.unknownServices())
        .as("add the service's IAM prefix to AwsCalls.IAM_PREFIX")
        .isEmpty();
  }

  @Test
  void eachRoleGrantsExactlyTheActionsItsFunctionsCodeUses() {
    Map<String, String> problems = new TreeMap<>();
    for (String function : template.functions()) {
      String role = template.roleOf(function).orElseThrow();
      Set<String> granted = new TreeSet<>();
      for (Map<String, Object> statement : template.statements(role)) {
        if (!PLATFORM_SIDS.contains(statement.get("Sid"))) {
          granted.addAll(TemplateContractTest.actions(statement));
        }
      }
      Set<String> used = AwsCalls.actionsByFunction().getOrDefault(function, Set.of());
      Set<String> missing = new TreeSet<>(used);
      missing.removeAll(granted);
      Set<String> unused = new TreeSet<>(granted);
      unused.removeAll(used);
      if (!missing.isEmpty() || !unused.isEmpty()) {
        problems.put(
            function,
            "code uses "
                + used
                + "; role "
                + role
                + " lacks "
                + missing
                + ", grants unused "
                + unused);
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void eachCallIsGrantedOnTheTemplateResourceItNamed() {
    Map<String, String> names = run.world.logicalNames();
    List<String> problems = new ArrayList<>();
    for (String function : template.functions()) {
      String role = template.roleOf(function).orElseThrow();
      for (Call call : AwsCalls.calls(function)) {
        List<Object> resources =
            template.statements(role).stream()
                .filter(s -> TemplateContractTest.actions(s).contains(call.action()))
                .flatMap(s -> list(s.get("Resource")).stream())
                .toList();
        List<String> referenced = Template.references(resources);
        String expected = expectedReference(call, names);
        if (expected == null) {
          problems.add(function + " " + call + ": resource unknown to the test world");
        } else if (!referenced.contains(expected)) {
          problems.add(
              function
                  + " "
                  + call.action()
                  + " on "
                  + call.resource()
                  + ": granted on "
                  + referenced
                  + ", not on "
                  + expected);
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  private static String expectedReference(Call call, Map<String, String> names) {
    String resource = call.resource();
    if (resource.contains("/index/")) {
      // A Query on an index needs the index ARN (table/index/*) and the template must declare the
      // index.
      return "index:" + resource;
    }
    if (resource.startsWith("from:")) {
      return call.resource().contains(World.PARAMETERS.get("SenderIdentity"))
          ? "SenderIdentity"
          : null;
    }
    return names.get(resource);
  }

  @Test
  void sesSendsOnlyFromTheSenderIdentityWithTheConfigurationSet() {
    for (Call call : AwsCalls.calls("ProvisioningFunction")) {
      if (call.action().equals("ses:SendEmail")) {
        assertThat(call.resource())
            .contains("@" + World.PARAMETERS.get("SenderIdentity"))
            .endsWith("configuration-set:" + World.PARAMETERS.get("SesConfigurationSet"));
      }
    }
    String role = template.roleOf("ProvisioningFunction").orElseThrow();
    List<Object> resources =
        template.statements(role).stream()
            .filter(s -> TemplateContractTest.actions(s).contains("ses:SendEmail"))
            .flatMap(s -> list(s.get("Resource")).stream())
            .toList();
    assertThat(Template.references(resources)).contains("SenderIdentity", "SesConfigurationSet");
    assertThat(String.valueOf(resources))
        .contains(":identity/${SenderIdentity}", ":configuration-set/${SesConfigurationSet}");
  }

  @Test
  void theQueueConsumerRoleHasTheEventSourceReadsOnItsQueueOnly() {
    for (String function : template.functions()) {
      String role = template.roleOf(function).orElseThrow();
      var eventSource =
          template.statements(role).stream()
              .filter(s -> "EventSource".equals(s.get("Sid")))
              .toList();
      if (template.eventsOfType(function, "SQS").isEmpty()) {
        assertThat(eventSource).as("%s has no SQS event source", function).isEmpty();
      } else {
        assertThat(eventSource).hasSize(1);
        assertThat(TemplateContractTest.actions(eventSource.getFirst()))
            .isEqualTo(SQS_EVENT_SOURCE);
        assertThat(list(eventSource.getFirst().get("Resource")))
            .containsExactly(template.eventsOfType(function, "SQS").getFirst().get("Queue"));
      }
    }
  }

  @Test
  void noFunctionScansTheTableAndQueriesUseOnlyDeclaredIndexes() {
    AwsCalls.actionsByFunction()
        .forEach(
            (function, actions) ->
                assertThat(actions).as(function).doesNotContain("dynamodb:Scan"));
    for (String function : template.functions()) {
      template
          .statements(template.roleOf(function).orElseThrow())
          .forEach(
              statement ->
                  assertThat(TemplateContractTest.actions(statement))
                      .as("%s's role", function)
                      .doesNotContain("dynamodb:Scan"));
    }
    Set<String> declared = new TreeSet<>();
    for (Object index : list(template.properties("BillingTable").get("GlobalSecondaryIndexes"))) {
      declared.add(String.valueOf(Template.map(index).get("IndexName")));
    }
    for (String function : template.functions()) {
      for (Call call : AwsCalls.calls(function)) {
        int at = call.resource().indexOf("/index/");
        if (at >= 0) {
          assertThat(declared)
              .as("%s queries index %s", function, call.resource())
              .contains(call.resource().substring(at + 7));
        }
      }
    }
  }

  @Test
  void theRunRecordedCallsForEveryFunctionThatTouchesAws() {
    assertThat(AwsCalls.actionsByFunction().keySet()).containsAll(template.functions());
  }
}
