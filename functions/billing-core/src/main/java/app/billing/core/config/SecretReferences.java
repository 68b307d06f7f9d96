package app.billing.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Turns {@code NAME_ARN} variables that point at a secret into {@code NAME} variables holding the
 * secret's value, once, before a function's configuration is read. Deployed functions are given
 * {@code STRIPE_SECRET_KEY_ARN} / {@code STRIPE_WEBHOOK_SECRETS_ARN}; local runs keep setting
 * {@code STRIPE_SECRET_KEY} / {@code STRIPE_WEBHOOK_SECRETS} directly and nothing is fetched.
 *
 * <p>Only values that are Secrets Manager ARNs count as references; any other {@code *_ARN}
 * variable is left alone. Setting both {@code NAME} and {@code NAME_ARN} is a configuration error,
 * so a stale plain value can never shadow the secret. No AWS types here: the adapter module {@code
 * billing-secrets} supplies the {@link SecretStore}.
 */
public final class SecretReferences {
  public static final String SUFFIX = "_ARN";

  /** arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME */
  private static final Pattern SECRET_ARN =
      Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+");

  /** Reads one secret's current value (SecretString) by ARN. */
  @FunctionalInterface
  public interface SecretStore {
    /**
     * @throws SecretReadException naming the cause (e.g. {@code AccessDeniedException, HTTP 400})
     */
    String secretString(String arn);
  }

  /** A secret that could not be read; the message names the cause and never holds a value. */
  public static final class SecretReadException extends RuntimeException {
    public SecretReadException(String cause, Throwable source) {
      super(cause, source);
    }
  }

  private SecretReferences() {}

  public static boolean isSecretArn(String value) {
    return value != null && SECRET_ARN.matcher(value.trim()).matches();
  }

  /** The variables to fill in: target name ({@code NAME}) to secret ARN, in name order. */
  public static Map<String, String> references(Map<String, String> env) {
    Map<String, String> references = new LinkedHashMap<>();
    env.keySet().stream()
        .sorted()
        .forEach(
            name -> {
              String value = env.get(name);
              if (name.endsWith(SUFFIX) && name.length() > SUFFIX.length() && isSecretArn(value)) {
                references.put(name.substring(0, name.length() - SUFFIX.length()), value.trim());
              }
            });
    return references;
  }

  /**
   * A copy of {@code env} with every reference resolved; {@code env} itself when there is none.
   *
   * @throws ConfigException when a variable is set both ways or a secret cannot be read or is
   *     empty; the message names variables and ARNs, never a secret value
   */
  public static Map<String, String> resolve(Map<String, String> env, SecretStore store) {
    Objects.requireNonNull(store, "store");
    Map<String, String> references = references(env);
    if (references.isEmpty()) {
      return env;
    }
    List<String> problems = new ArrayList<>();
    Map<String, String> fetched = new HashMap<>();
    Map<String, String> resolved = new HashMap<>(env);
    references.forEach(
        (name, arn) -> {
          String plain = env.get(name);
          if (plain != null && !plain.isBlank()) {
            problems.add("set " + name + " or " + name + SUFFIX + ", not both");
            return;
          }
          String value;
          try {
            value = fetched.computeIfAbsent(arn, store::secretString);
          } catch (RuntimeException e) {
            problems.add(
                name + SUFFIX + ": secret " + arn + " could not be read (" + describe(e) + ")");
            return;
          }
          if (value == null || value.isBlank()) {
            problems.add(name + SUFFIX + ": secret " + arn + " has no value");
            return;
          }
          resolved.put(name, value.trim());
        });
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return Map.copyOf(resolved);
  }

  /**
   * Resolves the references with {@code resolve}, then reads the configuration with {@code read},
   * so that one {@link ConfigException} names every problem of both steps: the secrets that cannot
   * be read (once each, not again as their missing plain variable) and whatever else is missing or
   * malformed. Without a problem, what {@code read} returns.
   */
  public static <T> T resolveThenRead(
      Map<String, String> env,
      UnaryOperator<Map<String, String>> resolve,
      Function<Map<String, String>, T> read) {
    List<String> problems = new ArrayList<>();
    Map<String, String> resolved = env;
    try {
      resolved = resolve.apply(env);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    Set<String> unresolved = problems.isEmpty() ? Set.of() : references(env).keySet();
    T result = null;
    try {
      result = read.apply(resolved);
    } catch (ConfigException e) {
      e.problems().stream()
          .filter(
              problem ->
                  unresolved.stream().noneMatch(name -> problem.equals(name + " is missing")))
          .forEach(problems::add);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return result;
  }

  /**
   * What a failed read says about its cause: a {@link SecretReadException}'s message (written by
   * the store to be safe to show), otherwise only the exception's type, since an arbitrary message
   * might echo something it should not.
   */
  public static String describe(RuntimeException e) {
    return e instanceof SecretReadException ? e.getMessage() : e.getClass().getSimpleName();
  }
}
