package app.billing.deploy;

import static app.billing.deploy.Template.map;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.config.ConfigException;
import app.billing.core.config.SecretReferences;
import app.billing.deploy.Deployables.Deployable;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every setting deployable: each variable a function's init reads is set by template.yaml for that
 * function (a value, or a parameter), each variable the template sets is read, and each parameter
 * is used. What a function reads is recorded by running its init ({@code XWiring.fromEnvironment})
 * on an empty environment: the configuration readers look up every variable before they fail.
 */
class FunctionSettingsContractTest {
  static final Template template = Template.get();

  /** Set by Lambda itself in every function. */
  static final Set<String> SET_BY_LAMBDA = Set.of("AWS_REGION");

  /**
   * Endpoint overrides for local runs and tests only (the local stack, sam local): deployed, the
   * functions talk to the AWS endpoints of their region and to api.stripe.com. {@code PLAN_CATALOG}
   * is the catalog JSON set directly by those runs; deployed, init fills it in from {@code
   * PLAN_CATALOG_SOURCE} (a remote source beside it is refused).
   */
  static final Set<String> LOCAL_ONLY =
      Set.of("AWS_ENDPOINT_URL_SQS", "STRIPE_API_BASE", "PLAN_CATALOG");

  @Test
  void everyVariableAFunctionReadsIsSetByTheTemplateForIt() {
    List<String> problems = new ArrayList<>();
    for (Deployable function : Deployables.ALL) {
      Set<String> read = read(function);
      assertThat(read).as("%s reads its environment", function.logicalId()).isNotEmpty();
      Set<String> declared = template.environment(function.logicalId()).keySet();
      for (String variable : read) {
        if (!declared.contains(variable)
            && !SET_BY_LAMBDA.contains(variable)
            && !LOCAL_ONLY.contains(variable)) {
          problems.add(
              function.logicalId()
                  + " reads "
                  + variable
                  + ", which template.yaml does not set for it");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyVariableTheTemplateSetsIsReadByItsFunction() {
    List<String> problems = new ArrayList<>();
    Set<String> global =
        Template.map(
                map(template.globalsFunction().getOrDefault("Environment", Map.of()))
                    .getOrDefault("Variables", Map.of()))
            .keySet();
    for (Deployable function : Deployables.ALL) {
      Set<String> read = read(function);
      for (String variable : template.environment(function.logicalId()).keySet()) {
        boolean secret =
            variable.endsWith(SecretReferences.SUFFIX)
                && read.contains(
                    variable.substring(0, variable.length() - SecretReferences.SUFFIX.length()));
        // Globals (LOG_LEVEL) are read by the logging setup, not by a function's configuration.
        if (!read.contains(variable) && !secret && !global.contains(variable)) {
          problems.add(
              function.logicalId() + ": template.yaml sets " + variable + ", which it never reads");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyParameterIsUsed() {
    Map<String, Object> document = new HashMap<>(template.document);
    document.remove("Parameters");
    Set<String> referenced = new TreeSet<>(Template.references(document));
    assertThat(new TreeSet<>(template.parameters().keySet()))
        .as("parameters nothing refers to")
        .allSatisfy(p -> assertThat(referenced).as("references to %s", p).contains(p));
  }

  @Test
  void everyParameterAFunctionReadsWithADefaultIsDescribedAndConstrained() {
    List<String> problems = new ArrayList<>();
    Set<String> fed = new TreeSet<>();
    for (String function : template.functions()) {
      template.environment(function).values().forEach(v -> Template.ref(v).ifPresent(fed::add));
    }
    for (String name : fed) {
      if (!(template.parameters().get(name) instanceof Map<?, ?> p)) {
        continue; // a resource (the table, the queue)
      }
      Map<String, Object> parameter = map(p);
      if (!parameter.containsKey("Default")) {
        continue;
      }
      boolean constrained =
          parameter.containsKey("AllowedPattern")
              || parameter.containsKey("AllowedValues")
              || (parameter.containsKey("MinValue") && parameter.containsKey("MaxValue"));
      if (!constrained) {
        problems.add(name + ": needs AllowedPattern, AllowedValues or MinValue and MaxValue");
      }
      if (!parameter.containsKey("Description")) {
        problems.add(name + ": needs a Description");
      }
    }
    assertThat(problems).isEmpty();
  }

  /** The variables the function's init looks up, run on an empty environment. */
  static Set<String> read(Deployable function) {
    RecordingEnvironment env = new RecordingEnvironment();
    try {
      function.init().apply(env);
    } catch (ConfigException expected) {
      // every required variable is missing; what matters is what was looked up
    }
    return env.read;
  }

  /** An empty environment that remembers every name looked up in it. */
  static final class RecordingEnvironment extends AbstractMap<String, String> {
    final Set<String> read = new TreeSet<>();

    @Override
    public String get(Object key) {
      read.add(String.valueOf(key));
      return null;
    }

    @Override
    public boolean containsKey(Object key) {
      read.add(String.valueOf(key));
      return false;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      return Set.of();
    }
  }
}
