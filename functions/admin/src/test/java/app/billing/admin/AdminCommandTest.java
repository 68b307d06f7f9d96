package app.billing.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Argument handling; none of these cases reaches DynamoDB (no client is ever built). */
class AdminCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return new AdminCommand(
            env,
            () -> {
              throw new AssertionError("no DynamoDB client expected");
            })
        .run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private int run(String... args) {
    return run(Map.of("BILLING_TABLE", "billing"), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpPrintsUsageOnStdout() {
    assertThat(run("--help")).isZero();
    assertThat(out())
        .startsWith("Usage: ")
        .contains("create-tenant --name <name> --email <billing email> [--id <tenant id>]")
        .contains("issue-key --tenant <tenant id>")
        .contains("revoke-key --tenant <tenant id> --key-id <key id>")
        .contains("list-tenants")
        .contains("BILLING_TABLE")
        .contains("AWS_ENDPOINT_URL_DYNAMODB");
    assertThat(err()).isEmpty();
  }

  @Test
  void commandHelpPrintsUsageToo() {
    assertThat(run("issue-key", "-h")).isZero();
    assertThat(out()).startsWith("Usage: ");
  }

  @Test
  void badArgumentsExitWith2AndShowUsage() {
    String[][] cases = {
      {},
      {"make-tenant"},
      {"create-tenant", "--name", "Acme"},
      {"create-tenant", "--email", "billing@acme.test"},
      {"create-tenant", "--name", "Acme", "--email"},
      {"create-tenant", "--name", "--email", "billing@acme.test"},
      {"create-tenant", "--name", "Acme", "--email", "billing@acme.test", "--plan", "pro"},
      {"create-tenant", "--name", "Acme", "--name", "Acme 2", "--email", "billing@acme.test"},
      {"create-tenant", "Acme", "billing@acme.test"},
      {"issue-key"},
      {"issue-key", "--tenant"},
      {"revoke-key", "--tenant", "t_acme"},
      {"revoke-key", "--key-id", "0123456789ab"},
      {"list-tenants", "--all"},
    };
    for (String[] args : cases) {
      out.reset();
      err.reset();
      assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err()).as(String.join(" ", args)).startsWith("admin: ").contains("Usage: ");
      assertThat(out()).isEmpty();
    }
  }

  @Test
  void namesTheProblem() {
    run("create-tenant", "--name", "Acme");
    assertThat(err()).startsWith("admin: create-tenant needs --email\n");
    err.reset();
    run("revoke-key");
    assertThat(err()).startsWith("admin: revoke-key needs --tenant and --key-id\n");
    err.reset();
    run("list-tenants", "--all");
    assertThat(err()).startsWith("admin: list-tenants has no option --all\n");
    err.reset();
    run("create-tenant", "--name", "A", "--name", "B", "--email", "x@y.test");
    assertThat(err()).startsWith("admin: --name is given twice\n");
  }

  @Test
  void missingTableIsNamedAndFails() {
    assertThat(run(Map.of(), "list-tenants")).isEqualTo(1);
    assertThat(err()).contains("BILLING_TABLE is missing");
    assertThat(out()).isEmpty();
  }
}
