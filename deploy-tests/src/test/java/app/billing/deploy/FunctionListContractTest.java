package app.billing.deploy;

import static app.billing.deploy.Template.map;
import static org.assertj.core.api.Assertions.assertThat;

import app.billing.deploy.Deployables.Deployable;
import app.billing.http.BillingFunction;
import app.billing.http.Routes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link BillingFunction} is the one list of functions: template.yaml, the Makefile {@code sam
 * build} runs and the route table must say the same, and the deploy tests build every entry.
 */
class FunctionListContractTest {
  static final Template template = Template.get();
  static final Path MAKEFILE = Template.ROOT.resolve("Makefile");

  @Test
  void theTemplateDeploysExactlyTheListedFunctionsWithTheirHandlers() {
    assertThat(new TreeSet<>(template.functions()))
        .as("template.yaml's AWS::Serverless::Function resources")
        .isEqualTo(listed(BillingFunction::logicalId));
    for (BillingFunction function : BillingFunction.values()) {
      assertThat(template.properties(function.logicalId()).get("Handler"))
          .as("%s Handler", function.logicalId())
          .isEqualTo(function.handler() + "::handleRequest");
    }
  }

  @Test
  void theMakefileBuildsExactlyTheListedFunctionsFromTheirModules() throws IOException {
    String makefile = Files.readString(MAKEFILE);
    Map<String, String> modules = new TreeMap<>();
    Matcher module = Pattern.compile("(?m)^MODULE_(\\w+) := (\\S+)$").matcher(makefile);
    while (module.find()) {
      modules.put(module.group(1), module.group(2));
    }
    Matcher functions = Pattern.compile("(?m)^FUNCTIONS := (.+)$").matcher(makefile);
    assertThat(functions.find()).as("Makefile sets FUNCTIONS").isTrue();

    assertThat(modules)
        .as("Makefile MODULE_<LogicalId> := <module>")
        .isEqualTo(
            Arrays.stream(BillingFunction.values())
                .collect(
                    Collectors.toMap(
                        BillingFunction::logicalId,
                        BillingFunction::module,
                        (a, b) -> a,
                        TreeMap::new)));
    assertThat(new TreeSet<>(List.of(functions.group(1).trim().split("\\s+"))))
        .as("Makefile FUNCTIONS")
        .isEqualTo(listed(BillingFunction::logicalId));
    for (BillingFunction function : BillingFunction.values()) {
      Path pom = Template.ROOT.resolve("functions").resolve(function.module()).resolve("pom.xml");
      assertThat(pom).as("module of %s", function).exists();
      assertThat(Files.readString(pom))
          .as("%s's jar is <module>-function.jar, as the Makefile copies it", function)
          .contains("<artifactId>" + function.module() + "</artifactId>");
    }
  }

  @Test
  void theTemplatesRoutesAreExactlyTheListedRoutes() {
    Set<String> declared = new TreeSet<>();
    for (String function : template.functions()) {
      for (Map<String, Object> event : template.eventsOfType(function, "HttpApi")) {
        Object authorizer =
            event.get("Auth") == null ? null : map(event.get("Auth")).get("Authorizer");
        declared.add(
            route(
                (String) event.get("Method"),
                (String) event.get("Path"),
                function,
                !"NONE".equals(authorizer)));
        assertThat(event.get("ApiId"))
            .as("%s route on the billing API", function)
            .isEqualTo(Map.of("Ref", "BillingApi"));
      }
    }
    Set<String> listed = new TreeSet<>();
    for (BillingFunction function : BillingFunction.values()) {
      for (Routes.Route r : function.routes()) {
        listed.add(route(r.method(), r.path(), function.logicalId(), r.authorized()));
      }
    }
    assertThat(declared).isEqualTo(listed);
    assertThat(Routes.ALL)
        .as("the route table is the list's routes")
        .isEqualTo(
            Arrays.stream(BillingFunction.values()).flatMap(f -> f.routes().stream()).toList());
  }

  @Test
  void theApisAuthorizerIsTheListedAuthorizer() {
    Map<String, Object> auth = map(template.properties("BillingApi").get("Auth"));
    Map<String, Object> authorizers = map(auth.get("Authorizers"));
    assertThat(
            authorizers.values().stream()
                .flatMap(a -> Template.references(map(a).get("FunctionArn")).stream())
                .map(r -> r.replace(".Alias", ""))
                .toList())
        .containsExactly(BillingFunction.AUTHORIZER.logicalId());
  }

  @Test
  void theDeployTestsBuildEveryListedFunctionOnce() {
    assertThat(Deployables.ALL.stream().map(Deployable::function).toList())
        .containsExactlyInAnyOrder(BillingFunction.values());
  }

  private static String route(String method, String path, String function, boolean authorized) {
    return method + " " + path + " -> " + function + (authorized ? " (authorizer)" : " (public)");
  }

  private static TreeSet<String> listed(java.util.function.Function<BillingFunction, String> f) {
    return Arrays.stream(BillingFunction.values())
        .map(f)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
