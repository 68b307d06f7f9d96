package app.billing.admin;

import app.billing.core.tenant.TenantAdmin;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One command: its name, required and optional options (in usage order), flags (options without a
 * value, e.g. {@code --all}) and action.
 */
record Spec(
    String name,
    List<String> required,
    List<String> optional,
    List<String> flags,
    String summary,
    Action action) {
  Spec(String name, List<String> required, List<String> optional, String summary, Action action) {
    this(name, required, optional, List.of(), summary, action);
  }

  String synopsis() {
    StringBuilder text = new StringBuilder(name);
    required.forEach(o -> text.append(' ').append(o).append(' ').append(placeholder(o)));
    optional.forEach(
        o -> text.append(" [").append(o).append(' ').append(placeholder(o)).append(']'));
    flags.forEach(f -> text.append(" [").append(f).append(']'));
    return text.toString();
  }

  boolean accepts(String option) {
    return required.contains(option) || optional.contains(option) || flags.contains(option);
  }

  /** What a command runs with: the environment, the table and its client, the tenant admin. */
  record Context(
      Map<String, String> env, DynamoDbClient dynamo, String table, TenantAdmin tenants) {}

  /** What a command does with its parsed options. */
  @FunctionalInterface
  interface Action {
    void run(Context context, Map<String, String> options, PrintStream out);
  }

  private static final Map<String, String> PLACEHOLDERS =
      Map.of(
          "--name",
          "<name>",
          "--email",
          "<billing email>",
          "--id",
          "<tenant id>",
          "--tenant",
          "<tenant id>",
          "--key-id",
          "<key id>",
          "--customer",
          "<cus_...>",
          "--purchase",
          "<cs_...>");

  /** {@code --option value} or {@code --option=value}; every option at most once. */
  static Map<String, String> parse(Spec spec, String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      int equals = arg.indexOf('=');
      String option = equals < 0 ? arg : arg.substring(0, equals);
      if (!spec.accepts(option)) {
        throw new IllegalArgumentException(spec.name() + " has no option " + option);
      }
      String value;
      if (spec.flags().contains(option)) {
        if (equals >= 0) {
          throw new IllegalArgumentException(option + " takes no value");
        }
        value = "true";
      } else if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(option + " needs a value");
      }
      if (options.put(option, value) != null) {
        throw new IllegalArgumentException(option + " is given twice");
      }
    }
    List<String> missing = spec.required().stream().filter(o -> !options.containsKey(o)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(spec.name() + " needs " + String.join(" and ", missing));
    }
    return options;
  }

  private static String placeholder(String option) {
    return PLACEHOLDERS.getOrDefault(option, "<value>");
  }
}
