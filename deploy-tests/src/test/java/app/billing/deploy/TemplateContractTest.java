package app.billing.deploy;

import static app.billing.deploy.Template.list;
import static app.billing.deploy.Template.map;
import static app.billing.deploy.Template.ref;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.config.ConfigException;
import app.billing.core.config.SecretReferences;
import app.billing.deploy.Deployables.Deployable;
import app.billing.dynamodb.BillingTable;
import app.billing.sqs.SqsEventQueue;
import app.billing.webhook.WebhookConfig;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * template.yaml against the code, without engines. What the functions' AWS calls need from their
 * roles is PolicyContractIT (it records them while events/ run).
 */
class TemplateContractTest {
  static final Template template = Template.get();
  static final Pattern MISSING = Pattern.compile("^([A-Z][A-Z0-9_]*) is missing$");

  /**
   * Variables holding a secret: only ever through their *_ARN twin (the plain one may exist empty
   * for sam local).
   */
  static final List<String> SECRET_VARIABLES =
      List.of("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRETS", "CHECKOUT_TOKEN_KEY");

  /** HTTP API's integration timeout is 30 s: a longer function timeout only produces 503s. */
  static final int HTTP_API_TIMEOUT_SECONDS = 29;

  @Test
  void templateIsASamTemplateWithTheShortIntrinsicTagsReadAsLongForm() {
    assertThat(template.document).containsEntry("Transform", "AWS::Serverless-2016-10-31");
    assertThat(template.properties("WebhookFunction").get("Role"))
        .isEqualTo(Map.of("Fn::GetAtt", List.of("WebhookRole", "Arn")));
    assertThat(template.environment("WebhookFunction").get("EVENT_QUEUE_URL"))
        .isEqualTo(Map.of("Ref", "EventQueue"));
  }

  @Test
  void everyHandlerExistsWithThePayloadTypesOfItsTrigger() throws Exception {
    List<String> problems = new ArrayList<>();
    for (String function : template.functions()) {
      String handler = (String) template.properties(function).get("Handler");
      String[] parts = handler.split("::");
      Class<?> type;
      try {
        type = Class.forName(parts[0]);
      } catch (ClassNotFoundException e) {
        problems.add(function + ": handler class " + parts[0] + " does not exist");
        continue;
      }
      if (parts.length != 2 || !parts[1].equals("handleRequest")) {
        problems.add(function + ": Handler must be <class>::handleRequest, is " + handler);
      }
      if (!Modifier.isPublic(type.getModifiers())
          || type.getConstructor().getParameterCount() != 0) {
        problems.add(function + ": " + type.getName() + " needs a public no-argument constructor");
      }
      Type[] io = Deployables.requestHandlerTypes(type).orElse(null);
      if (io == null) {
        problems.add(function + ": " + type.getName() + " does not implement RequestHandler<I, O>");
        continue;
      }
      Class<?> input = Deployables.raw(io[0]);
      Class<?> output = Deployables.raw(io[1]);
      boolean http = !template.eventsOfType(function, "HttpApi").isEmpty();
      boolean sqs = !template.eventsOfType(function, "SQS").isEmpty();
      boolean authorizer = authorizerFunctions().contains(function);
      boolean schedule = !template.eventsOfType(function, "ScheduleV2").isEmpty();
      if (http
          && (input != APIGatewayV2HTTPEvent.class || output != APIGatewayV2HTTPResponse.class)) {
        problems.add(
            function
                + ": HTTP API (payload 2.0) routes need RequestHandler<APIGatewayV2HTTPEvent, "
                + "APIGatewayV2HTTPResponse>, "
                + type.getSimpleName()
                + " is <"
                + input.getSimpleName()
                + ", "
                + output.getSimpleName()
                + ">");
      }
      if (sqs && (input != SQSEvent.class || output != SQSBatchResponse.class)) {
        problems.add(
            function
                + ": an SQS source with ReportBatchItemFailures needs RequestHandler<SQSEvent, "
                + "SQSBatchResponse>, is <"
                + input.getSimpleName()
                + ", "
                + output.getSimpleName()
                + ">");
      }
      if (authorizer
          && (input != APIGatewayV2CustomAuthorizerEvent.class || !simpleResponseType(output))) {
        problems.add(
            function
                + ": a payload 2.0 simple-response authorizer needs RequestHandler<"
                + "APIGatewayV2CustomAuthorizerEvent, Map (or a type with isAuthorized)>, is <"
                + input.getSimpleName()
                + ", "
                + output.getSimpleName()
                + ">");
      }
      if (schedule && (!Map.class.isAssignableFrom(input) || !Map.class.isAssignableFrom(output))) {
        problems.add(
            function
                + ": a ScheduleV2 (EventBridge Scheduler) target takes its JSON Input as a Map, is <"
                + input.getSimpleName()
                + ", "
                + output.getSimpleName()
                + ">");
      }
      if (!http && !sqs && !authorizer && !schedule) {
        problems.add(
            function
                + ": nothing invokes it (no HttpApi, SQS or ScheduleV2 event, not an authorizer)");
      }
    }
    assertThat(problems).isEmpty();
  }

  private static boolean simpleResponseType(Class<?> output) {
    if (Map.class.isAssignableFrom(output)) {
      return true;
    }
    for (var method : output.getMethods()) {
      if (method.getName().equals("getIsAuthorized") || method.getName().equals("isAuthorized")) {
        return true;
      }
    }
    return false;
  }

  /** Functions named by the HTTP API's Lambda authorizers. */
  private static Set<String> authorizerFunctions() {
    Set<String> functions = new HashSet<>();
    for (String api : template.ofType("AWS::Serverless::HttpApi")) {
      Map<String, Object> auth = map(template.properties(api).getOrDefault("Auth", Map.of()));
      map(auth.getOrDefault("Authorizers", Map.of()))
          .values()
          .forEach(
              a ->
                  functions.addAll(
                      Template.references(map(a).get("FunctionArn")).stream()
                          .map(r -> r.replace(".Alias", ""))
                          .toList()));
    }
    return functions;
  }

  @Test
  void everyVariableTheCodeRequiresIsSetForItsFunction() {
    List<String> problems = new ArrayList<>();
    for (Deployable function : Deployables.ALL) {
      List<String> required;
      try {
        function.init().apply(Map.of());
        problems.add(
            function.logicalId()
                + ": init with an empty environment did not fail; its config is not validated");
        continue;
      } catch (ConfigException e) {
        required =
            e.problems().stream()
                .map(MISSING::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .toList();
      }
      assertThat(required).as("%s requires variables", function.logicalId()).isNotEmpty();
      Map<String, Object> env = template.environment(function.logicalId());
      for (String variable : required) {
        boolean plain = set(env.get(variable));
        boolean viaSecret = set(env.get(variable + SecretReferences.SUFFIX));
        if (!plain && !viaSecret) {
          problems.add(
              function.logicalId()
                  + " requires "
                  + variable
                  + " (or "
                  + variable
                  + "_ARN), not set in template.yaml");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  private static boolean set(Object value) {
    return value != null && !(value instanceof String s && s.isBlank());
  }

  @Test
  void secretsReachFunctionsOnlyAsSecretsManagerArnsTheirRoleMayRead() {
    List<String> problems = new ArrayList<>();
    for (String function : template.functions()) {
      Map<String, Object> env = template.environment(function);
      for (String secret : SECRET_VARIABLES) {
        if (env.containsKey(secret) && !"".equals(env.get(secret))) {
          problems.add(
              function + ": " + secret + " must stay empty (secrets come from " + secret + "_ARN)");
        }
        Object arn = env.get(secret + "_ARN");
        if (arn == null) {
          continue;
        }
        String parameter = ref(arn).orElse(null);
        Map<String, Object> definition =
            parameter == null
                ? null
                : template.parameters().get(parameter) instanceof Map<?, ?> p ? map(p) : null;
        if (definition == null
            || !String.valueOf(definition.get("AllowedPattern")).contains("secretsmanager")) {
          problems.add(
              function
                  + ": "
                  + secret
                  + "_ARN must !Ref a parameter whose AllowedPattern is a Secrets Manager ARN");
          continue;
        }
        if (definition.containsKey("Default")) {
          problems.add(parameter + " must not have a default");
        }
        boolean readable =
            template.roleOf(function).stream()
                .flatMap(r -> template.statements(r).stream())
                .anyMatch(
                    s ->
                        actions(s).equals(Set.of("secretsmanager:GetSecretValue"))
                            && list(s.get("Resource")).equals(List.of(Map.of("Ref", parameter))));
        if (!readable) {
          problems.add(
              function
                  + ": its role must allow exactly secretsmanager:GetSecretValue on !Ref "
                  + parameter);
        }
      }
    }
    template
        .parameters()
        .forEach(
            (name, p) -> {
              if (name.toLowerCase().contains("secret") && !name.endsWith("Arn")) {
                problems.add(
                    "parameter "
                        + name
                        + " looks like a secret value; pass secrets as Secrets Manager ARNs");
              }
              if (Boolean.TRUE.equals(map(p).get("NoEcho"))) {
                problems.add(
                    "parameter " + name + " is NoEcho: secret values do not belong in parameters");
              }
            });
    assertThat(problems).isEmpty();
  }

  @Test
  void eventsEnvJsonSetsOnlyVariablesTheTemplateDeclares() {
    // sam local invoke --env-vars ignores variables the template does not declare for the function.
    World.readEnvJsonForTests()
        .forEach(
            (function, variables) -> {
              if (function.equals("Parameters")) {
                return;
              }
              assertThat(template.functions()).as("events/env.json function").contains(function);
              assertThat(template.environment(function).keySet())
                  .as("events/env.json %s", function)
                  .containsAll(variables.keySet());
            });
  }

  @Test
  void functionsRunOnOneJavaRuntimeOnArmWithSnapStartJsonLogsAndTheirOwnLogGroup() {
    List<String> problems = new ArrayList<>();
    for (String function : template.functions()) {
      check(problems, function, "Runtime", "java25");
      check(problems, function, "Architectures", List.of("arm64"));
      check(problems, function, "AutoPublishAlias", "live");
      check(problems, function, "SnapStart", Map.of("ApplyOn", "PublishedVersions"));
      Map<String, Object> logging =
          new java.util.HashMap<>(
              map(template.globalsFunction().getOrDefault("LoggingConfig", Map.of())));
      logging.putAll(map(template.properties(function).getOrDefault("LoggingConfig", Map.of())));
      if (!"JSON".equals(logging.get("LogFormat"))) {
        problems.add(function + ": LoggingConfig.LogFormat must be JSON");
      }
      String logGroup = ref(logging.get("LogGroup")).orElse(null);
      if (logGroup == null
          || !template.type(logGroup).equals("AWS::Logs::LogGroup")
          || !template.properties(logGroup).containsKey("RetentionInDays")) {
        problems.add(
            function
                + ": LoggingConfig.LogGroup must !Ref its own AWS::Logs::LogGroup with RetentionInDays");
      }
      if (!"makefile"
          .equals(
              map(template.resource(function).getOrDefault("Metadata", Map.of()))
                  .get("BuildMethod"))) {
        problems.add(function + ": Metadata.BuildMethod must be makefile (see Makefile)");
      }
      if (!template.eventsOfType(function, "HttpApi").isEmpty()
          && template.functionInt(function, "Timeout") > HTTP_API_TIMEOUT_SECONDS) {
        problems.add(function + ": Timeout over the HTTP API's 30 s integration limit");
      }
    }
    List<Object> logGroups =
        template.functions().stream()
            .map(
                f ->
                    map(template.properties(f).getOrDefault("LoggingConfig", Map.of()))
                        .get("LogGroup"))
            .toList();
    assertThat(new HashSet<>(logGroups)).as("one log group per function").hasSameSizeAs(logGroups);
    assertThat(problems).isEmpty();
  }

  private static void check(
      List<String> problems, String function, String property, Object expected) {
    Object actual = template.functionProperty(function, property);
    if (!expected.equals(actual)) {
      problems.add(function + ": " + property + " must be " + expected + ", is " + actual);
    }
  }

  @Test
  void theQueueIsAFifoWithADlqAndProvisioningConsumesItLikeAFifoShould() {
    List<String> consumers =
        template.functions().stream()
            .filter(f -> !template.eventsOfType(f, "SQS").isEmpty())
            .toList();
    assertThat(consumers).containsExactly("ProvisioningFunction");
    Map<String, Object> source = template.eventsOfType("ProvisioningFunction", "SQS").getFirst();
    assertThat(source.get("Queue")).isEqualTo(Map.of("Fn::GetAtt", List.of("EventQueue", "Arn")));
    assertThat(list(source.get("FunctionResponseTypes")))
        .as("FunctionResponseTypes")
        .contains("ReportBatchItemFailures");
    assertThat(((Number) source.get("BatchSize")).intValue()).isBetween(1, 10);
    assertThat(source)
        .as("FIFO sources take no batching window")
        .doesNotContainKey("MaximumBatchingWindowInSeconds");
    assertThat(map(source.get("ScalingConfig"))).containsKey("MaximumConcurrency");

    Map<String, Object> queue = template.properties("EventQueue");
    assertThat(queue)
        .containsEntry("FifoQueue", true)
        .containsEntry("ContentBasedDeduplication", false);
    int timeout = template.functionInt("ProvisioningFunction", "Timeout");
    assertThat(((Number) queue.get("VisibilityTimeout")).intValue())
        .as("VisibilityTimeout >= 6 x ProvisioningFunction Timeout (%s s)", timeout)
        .isGreaterThanOrEqualTo(6 * timeout);
    Map<String, Object> redrive = map(queue.get("RedrivePolicy"));
    assertThat(redrive)
        .containsEntry("maxReceiveCount", 5)
        .containsEntry(
            "deadLetterTargetArn", Map.of("Fn::GetAtt", List.of("EventDeadLetterQueue", "Arn")));
    assertThat(template.properties("EventDeadLetterQueue")).containsEntry("FifoQueue", true);
    assertThat(
            ((Number) template.properties("EventDeadLetterQueue").get("MessageRetentionPeriod"))
                .intValue())
        .as("DLQ keeps messages for 14 days")
        .isEqualTo(1_209_600);
    assertThat(template.environment("WebhookFunction").get("EVENT_QUEUE_URL"))
        .isEqualTo(Map.of("Ref", "EventQueue"));
  }

  @Test
  void theQueuesMessageSizeHoldsTheLargestBodyTheWebhookAcceptsWithItsAttributes() {
    for (String queue : List.of("EventQueue", "EventDeadLetterQueue")) {
      Object size = template.properties(queue).get("MaximumMessageSize");
      assertThat(size)
          .as("%s sets MaximumMessageSize explicitly", queue)
          .isInstanceOf(Number.class);
      assertThat(((Number) size).intValue())
          .as("%s MaximumMessageSize is the webhook's queue limit", queue)
          .isEqualTo(SqsEventQueue.QUEUE_MAX_MESSAGE_BYTES);
    }
    assertThat(WebhookConfig.MAX_BODY_BYTES_CEILING + SqsEventQueue.ATTRIBUTES_BUDGET_BYTES)
        .isLessThanOrEqualTo(SqsEventQueue.QUEUE_MAX_MESSAGE_BYTES);
    // Whatever body limit the template gives the webhook, its init accepts it (so it fits the
    // queue).
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "STRIPE_WEBHOOK_SECRETS",
                "whsec_contract",
                "EVENT_QUEUE_URL",
                "https://sqs.us-east-1.amazonaws.com/123456789012/q.fifo",
                "STRIPE_MODE",
                "test"));
    Object declared =
        template.environment("WebhookFunction").get(WebhookConfig.MAX_WEBHOOK_BODY_BYTES);
    if (declared != null) {
      env.put(WebhookConfig.MAX_WEBHOOK_BODY_BYTES, declared.toString());
    }
    assertThat(WebhookConfig.fromEnvironment(env).maxBodyBytes())
        .isLessThanOrEqualTo(WebhookConfig.MAX_BODY_BYTES_CEILING);
  }

  @Test
  void theReconcilerRunsOnAScheduleLongerThanItsTimeoutWithoutSchedulerRetries() {
    List<Map<String, Object>> schedules = template.eventsOfType("ReconcilerFunction", "ScheduleV2");
    assertThat(schedules).hasSize(1);
    Map<String, Object> schedule = schedules.getFirst();
    assertThat(schedule.get("ScheduleExpression"))
        .isEqualTo(Map.of("Ref", "ReconcilerScheduleExpression"));
    String rate =
        String.valueOf(
            map(template.parameters().get("ReconcilerScheduleExpression")).get("Default"));
    Matcher minutes = Pattern.compile("^rate\\((\\d+) minutes\\)$").matcher(rate);
    assertThat(minutes.matches()).as("default schedule %s", rate).isTrue();
    assertThat(Integer.parseInt(minutes.group(1)) * 60)
        .as("runs never overlap: the rate is longer than the timeout")
        .isGreaterThan(template.functionInt("ReconcilerFunction", "Timeout"));
    assertThat(map(schedule.get("RetryPolicy"))).containsEntry("MaximumRetryAttempts", 0);
    assertThat(template.environment("ReconcilerFunction").get("EVENT_QUEUE_URL"))
        .as("the same queue as the webhook")
        .isEqualTo(template.environment("WebhookFunction").get("EVENT_QUEUE_URL"));
  }

  @Test
  void theApiHasACachedSimpleResponseAuthorizerCorsAndThrottling() {
    Map<String, Object> api = template.properties("BillingApi");
    Map<String, Object> auth = map(api.get("Auth"));
    String name = (String) auth.get("DefaultAuthorizer");
    Map<String, Object> authorizer = map(map(auth.get("Authorizers")).get(name));
    assertThat(authorizer.get("FunctionArn"))
        .as("the alias, so SnapStart applies")
        .isEqualTo(Map.of("Ref", "AuthorizerFunction.Alias"));
    assertThat(authorizer)
        .containsEntry("AuthorizerPayloadFormatVersion", "2.0")
        .containsEntry("EnableSimpleResponses", true)
        .containsEntry("EnableFunctionDefaultPermissions", true);
    Map<String, Object> identity = map(authorizer.get("Identity"));
    assertThat(list(identity.get("Headers"))).containsExactly("Authorization");
    assertThat(identity).containsKey("ReauthorizeEvery");
    assertThat(map(template.parameters().get("AuthorizerCacheSeconds")).get("Default"))
        .isEqualTo(300);
    assertThat(map(api.get("CorsConfiguration")).get("AllowOrigins"))
        .isEqualTo(Map.of("Ref", "CorsAllowedOrigins"));
    assertThat(map(api.get("DefaultRouteSettings")))
        .containsKeys("ThrottlingRateLimit", "ThrottlingBurstLimit");
    Map<String, Object> checkout = template.eventsOfType("CheckoutFunction", "HttpApi").getFirst();
    assertThat(map(checkout.get("RouteSettings")))
        .containsKeys("ThrottlingRateLimit", "ThrottlingBurstLimit");
  }

  @Test
  void theTableIsTheOneTheCodeCreatesOnDemandWithPitrTtlAndSse() {
    Map<String, Object> table = template.properties("BillingTable");
    CreateTableRequest code = BillingTable.createTableRequest("billing");
    assertThat(table.get("BillingMode")).isEqualTo(code.billingModeAsString());
    assertThat(list(table.get("KeySchema")))
        .isEqualTo(
            code.keySchema().stream()
                .map(
                    k -> Map.of("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
                .toList());
    assertThat(list(table.get("AttributeDefinitions")))
        .isEqualTo(
            code.attributeDefinitions().stream()
                .map(
                    a ->
                        Map.of(
                            "AttributeName",
                            a.attributeName(),
                            "AttributeType",
                            a.attributeTypeAsString()))
                .toList());
    assertThat(table.get("TimeToLiveSpecification"))
        .isEqualTo(Map.of("AttributeName", BillingTable.EXPIRES_AT, "Enabled", true));
    assertThat(table.get("PointInTimeRecoverySpecification"))
        .isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
    assertThat(map(table.get("SSESpecification"))).containsEntry("SSEEnabled", true);
    assertThat(template.resource("BillingTable")).containsEntry("DeletionPolicy", "Retain");
    // Indexes the code queries are checked against the recorded Query calls (PolicyContractIT).
  }

  @Test
  void everyFunctionHasItsOwnRoleWithOnlyInlineStatementsAndNoWildcards() {
    List<String> problems = new ArrayList<>();
    Set<String> roles = new HashSet<>();
    for (String function : template.functions()) {
      if (template.properties(function).containsKey("Policies")) {
        problems.add(function + ": use its Role's inline statements, not SAM Policies");
      }
      String role = template.roleOf(function).orElse(null);
      if (role == null) {
        problems.add(function + ": Role must be !GetAtt <its own AWS::IAM::Role>.Arn");
        continue;
      }
      if (!roles.add(role)) {
        problems.add(function + ": shares role " + role);
      }
      Map<String, Object> properties = template.properties(role);
      if (properties.containsKey("ManagedPolicyArns")) {
        problems.add(role + ": managed policies grant more than the function uses");
      }
      for (Map<String, Object> statement : template.statements(role)) {
        if (!"Allow".equals(statement.get("Effect"))
            || statement.containsKey("NotAction")
            || statement.containsKey("NotResource")) {
          problems.add(role + ": only Allow statements with Action and Resource: " + statement);
        }
        for (String action : actions(statement)) {
          if (action.contains("*")) {
            problems.add(role + ": wildcard action " + action);
          }
        }
        for (Object resource : list(statement.get("Resource"))) {
          if (resource instanceof String s && s.contains("*")) {
            problems.add(role + ": wildcard resource " + s + " for " + actions(statement));
          }
        }
      }
      // Logs: only into its own log group, nothing else.
      Object logGroup = map(template.properties(function).get("LoggingConfig")).get("LogGroup");
      String group = ref(logGroup).orElseThrow();
      List<Map<String, Object>> logs =
          template.statements(role).stream()
              .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("logs:")))
              .toList();
      if (logs.size() != 1
          || !actions(logs.getFirst()).equals(Set.of("logs:CreateLogStream", "logs:PutLogEvents"))
          || !list(logs.getFirst().get("Resource"))
              .equals(List.of(Map.of("Fn::GetAtt", List.of(group, "Arn"))))) {
        problems.add(role + ": logs:CreateLogStream and logs:PutLogEvents on " + group + " only");
      }
    }
    assertThat(problems).isEmpty();
  }

  static Set<String> actions(Map<String, Object> statement) {
    return list(statement.get("Action")).stream()
        .map(String::valueOf)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void alarmsWatchTheDlqEachFunctionAndTheWebhooks5xxRate() {
    List<Map<String, Object>> alarms =
        template.ofType("AWS::CloudWatch::Alarm").stream().map(template::properties).toList();
    assertThat(alarms)
        .as("DLQ depth > 0")
        .anySatisfy(
            a -> {
              assertThat(a)
                  .containsEntry("MetricName", "ApproximateNumberOfMessagesVisible")
                  .containsEntry("Threshold", 0)
                  .containsEntry("ComparisonOperator", "GreaterThanThreshold");
              assertThat(Template.references(a.get("Dimensions")))
                  .containsExactly("EventDeadLetterQueue");
            });
    for (String function : template.functions()) {
      assertThat(alarms)
          .as("Errors alarm for %s", function)
          .anySatisfy(
              a -> {
                assertThat(a)
                    .containsEntry("Namespace", "AWS/Lambda")
                    .containsEntry("MetricName", "Errors");
                assertThat(Template.references(a.get("Dimensions"))).containsExactly(function);
              });
    }
    assertThat(alarms)
        .as("webhook 5xx rate")
        .anySatisfy(
            a -> {
              String metrics = String.valueOf(a.get("Metrics"));
              assertThat(metrics).contains("5xx", "Count", "/webhooks/stripe");
            });
    assertThat(template.eventsOfType("WebhookFunction", "HttpApi").getFirst().get("RouteSettings"))
        .as("route metrics for the webhook 5xx alarm")
        .isEqualTo(Map.of("DetailedMetricsEnabled", true));
  }

  @Test
  void outputsNameTheApiTheWebhookTheTableAndTheQueue() {
    assertThat(template.outputs())
        .containsKeys("ApiUrl", "WebhookUrl", "BillingTableName", "EventQueueName");
    assertThat(String.valueOf(template.outputs().get("WebhookUrl"))).contains("/webhooks/stripe");
  }
}
