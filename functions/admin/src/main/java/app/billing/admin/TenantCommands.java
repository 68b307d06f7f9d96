package app.billing.admin;

import app.billing.core.tenant.IssuedKey;
import app.billing.core.tenant.TenantAdmin.CreatedTenant;
import app.billing.core.tenant.TenantAdmin.TenantListing;
import app.billing.core.tenant.TenantProfile;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The tenant and API key commands: create-tenant, issue-key, revoke-key, list-tenants. */
final class TenantCommands {
  private TenantCommands() {}

  static final List<Spec> SPECS =
      List.of(
          new Spec(
              "create-tenant",
              List.of("--name", "--email"),
              List.of("--id"),
              "Creates a tenant and its first API key (id generated when --id is not given).",
              (c, o, out) ->
                  printCreated(
                      c.tenants().createTenant(o.get("--id"), o.get("--name"), o.get("--email")),
                      out)),
          new Spec(
              "issue-key",
              List.of("--tenant"),
              List.of(),
              "Issues a further API key for the tenant (e.g. to rotate keys).",
              (c, o, out) -> printIssued(c.tenants().issueKey(o.get("--tenant")), out)),
          new Spec(
              "revoke-key",
              List.of("--tenant", "--key-id"),
              List.of(),
              "Revokes one of the tenant's API keys (API Gateway may still accept it until its authorizer cache expires).",
              (c, o, out) -> {
                c.tenants().revokeKey(o.get("--tenant"), o.get("--key-id"));
                out.println(
                    "Revoked key "
                        + o.get("--key-id").strip()
                        + " of tenant "
                        + o.get("--tenant").strip()
                        + ".");
                out.println(
                    "API Gateway may accept it until its cached authorizer answer expires (AuthorizerCacheSeconds).");
              }),
          new Spec(
              "list-tenants",
              List.of(),
              List.of(),
              "Lists every tenant with its billing email, Stripe customer and key ids.",
              (c, o, out) -> printTenants(c.tenants().listTenants(), out)));

  private static void printCreated(CreatedTenant created, PrintStream out) {
    TenantProfile profile = created.profile();
    out.println("Created tenant " + profile.tenantId());
    out.println("  name:  " + profile.name());
    out.println("  email: " + profile.billingEmail());
    printKey(created.key(), out);
  }

  private static void printIssued(IssuedKey key, PrintStream out) {
    out.println("Issued a new key for tenant " + key.record().tenantId());
    printKey(key, out);
  }

  private static void printKey(IssuedKey key, PrintStream out) {
    out.println("API key (id " + key.keyId() + "):");
    out.println("  " + key.apiKey());
    out.println(
        "This key will not be shown again: store it now. Clients send it as 'Authorization: Bearer <key>'.");
  }

  private static void printTenants(List<TenantListing> tenants, PrintStream out) {
    if (tenants.isEmpty()) {
      out.println("No tenants.");
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"TENANT", "NAME", "EMAIL", "STRIPE CUSTOMER", "KEY IDS"});
    for (TenantListing tenant : tenants) {
      TenantProfile p = tenant.profile();
      rows.add(
          new String[] {
            p.tenantId(),
            dash(p.name()),
            dash(p.billingEmail()),
            dash(p.stripeCustomerId()),
            tenant.keyIds().isEmpty() ? "-" : String.join(",", tenant.keyIds())
          });
    }
    Table.print(rows, out);
  }

  private static String dash(String value) {
    return value == null || value.isBlank() ? "-" : value;
  }
}
