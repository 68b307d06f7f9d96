package app.billing.deploy;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every AWS call any SDK client in this JVM is about to send, as the IAM action it needs
 * ({@code dynamodb:PutItem}) and the resource it names, attributed to the function whose init or
 * invocation is running ({@link #as}). Registered for all clients through the SDK's global
 * interceptor file {@code software/amazon/awssdk/global/handlers/execution.interceptors} on the
 * test classpath, so the functions' own production clients are recorded without any test hook in
 * them.
 */
public final class AwsCalls implements ExecutionInterceptor {
  /** SDK service name to IAM action prefix. */
  static final Map<String, String> IAM_PREFIX =
      Map.of(
          "DynamoDb", "dynamodb",
          "Sqs", "sqs",
          "SesV2", "ses",
          "SecretsManager", "secretsmanager",
          "EventBridge", "events");

  /** Calls made outside {@link #as} (engine set-up, seeding) are attributed here and ignored. */
  static final String SETUP = "(setup)";

  /**
   * One call: action plus the resource it named (table, queue URL, secret id, sender, config set).
   */
  record Call(String action, String resource) implements Comparable<Call> {
    @Override
    public int compareTo(Call o) {
      return (action + " " + resource).compareTo(o.action + " " + o.resource);
    }
  }

  private static volatile String current = SETUP;
  private static final Map<String, Set<Call>> CALLS = new ConcurrentHashMap<>();
  private static final Map<String, Set<String>> UNKNOWN = new ConcurrentHashMap<>();

  /** Runs {@code work} with its AWS calls attributed to {@code function} (template logical id). */
  static <T> T as(String function, Supplier<T> work) {
    String previous = current;
    current = function;
    try {
      return work.get();
    } finally {
      current = previous;
    }
  }

  /** What {@code function} called, sorted. */
  static Set<Call> calls(String function) {
    return new TreeSet<>(CALLS.getOrDefault(function, Set.of()));
  }

  static Map<String, Set<String>> actionsByFunction() {
    Map<String, Set<String>> actions = new TreeMap<>();
    CALLS.forEach(
        (function, calls) -> {
          if (!function.equals(SETUP)) {
            calls.forEach(
                c -> actions.computeIfAbsent(function, f -> new TreeSet<>()).add(c.action()));
          }
        });
    return actions;
  }

  /** Services without an entry in {@link #IAM_PREFIX}: the contract test fails on them. */
  static Map<String, Set<String>> unknownServices() {
    return Map.copyOf(UNKNOWN);
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    String function = current;
    String prefix = IAM_PREFIX.get(service);
    if (prefix == null) {
      UNKNOWN
          .computeIfAbsent(function, f -> ConcurrentHashMap.newKeySet())
          .add(service + ":" + operation);
      return;
    }
    CALLS
        .computeIfAbsent(function, f -> ConcurrentHashMap.newKeySet())
        .add(new Call(prefix + ":" + operation, resource(context.request())));
  }

  private static String resource(SdkRequest request) {
    for (String field : new String[] {"TableName", "QueueUrl", "SecretId"}) {
      Optional<String> value = request.getValueForField(field, String.class);
      if (value.isPresent()) {
        return value.get()
            + request
                .getValueForField("IndexName", String.class)
                .map(i -> "/index/" + i)
                .orElse("");
      }
    }
    // BatchWriteItem / BatchGetItem name their tables as the keys of RequestItems.
    Optional<?> batch = request.getValueForField("RequestItems", Map.class);
    if (batch.isPresent() && batch.get() instanceof Map<?, ?> items && items.size() == 1) {
      return String.valueOf(items.keySet().iterator().next());
    }
    // PutEvents names its bus in each entry.
    Optional<?> entries = request.getValueForField("Entries", List.class);
    if (entries.isPresent()
        && entries.get() instanceof List<?> list
        && !list.isEmpty()
        && list.get(0) instanceof SdkPojo entry) {
      Optional<String> bus =
          entry.sdkFields().stream()
              .filter(f -> f.memberName().equals("EventBusName"))
              .map(f -> String.valueOf(f.getValueOrDefault(entry)))
              .findFirst();
      if (bus.isPresent()) {
        return bus.get();
      }
    }
    Optional<String> from = request.getValueForField("FromEmailAddress", String.class);
    if (from.isPresent()) {
      return "from:"
          + from.get()
          + request
              .getValueForField("ConfigurationSetName", String.class)
              .map(c -> " configuration-set:" + c)
              .orElse("");
    }
    return "?";
  }

  /**
   * The plan catalog's GetParameter goes out signed by billing-catalog's own request (no SDK
   * service client, so no interceptor sees it): the world's SSM stand-in records each one here, for
   * the function running, when it is SigV4-signed for ssm; otherwise as an unknown service.
   */
  static final class SsmRequests implements ServeEventListener {
    @Override
    public String getName() {
      return "aws-calls-ssm";
    }

    @Override
    public boolean applyGlobally() {
      return true;
    }

    @Override
    public void beforeResponseSent(ServeEvent event, Parameters parameters) {
      LoggedRequest request = event.getRequest();
      if (!"AmazonSSM.GetParameter".equals(request.getHeader("X-Amz-Target"))) {
        return;
      }
      String function = current;
      String authorization = request.getHeader("Authorization");
      if (authorization == null || !authorization.contains("/ssm/aws4_request")) {
        UNKNOWN
            .computeIfAbsent(function, f -> ConcurrentHashMap.newKeySet())
            .add("unsigned ssm:GetParameter");
        return;
      }
      String name =
          JsonParser.parseString(request.getBodyAsString())
              .getAsJsonObject()
              .get("Name")
              .getAsString();
      CALLS
          .computeIfAbsent(function, f -> ConcurrentHashMap.newKeySet())
          .add(new Call("ssm:GetParameter", name));
    }
  }
}
