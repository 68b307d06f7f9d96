package app.billing.provisioning.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.tenant.TenantProfile;
import app.billing.dynamodb.BillingTable;
import app.billing.dynamodb.DynamoTenantStore;
import app.billing.testkit.Dynalite;
import app.billing.testkit.LocalAws;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A deleted customer leaves the profile only while the profile still names it. */
class DynamoTenantDirectoryIT {
  @AutoClose static final Dynalite DYNALITE = Dynalite.start();

  final DynamoDbClient dynamo =
      LocalAws.configure(DynamoDbClient.builder(), DYNALITE.endpoint()).build();

  @Test
  void detachClearsOnlyTheNamedCustomerAndAFreshOneCanBeAttached() {
    String table = "tenant-directory";
    BillingTable.createIfMissing(dynamo, table);
    DynamoTenantStore tenants = new DynamoTenantStore(dynamo, table);
    tenants.createTenant(
        new TenantProfile("t_1", "Acme", "billing@acme.test", "cus_old", Instant.EPOCH));
    DynamoTenantDirectory directory = new DynamoTenantDirectory(dynamo, table);

    directory.detachStripeCustomer("t_1", "cus_other");
    assertThat(tenants.tenant("t_1").orElseThrow().stripeCustomerId()).isEqualTo("cus_old");

    directory.detachStripeCustomer("t_1", "cus_old");
    assertThat(tenants.tenant("t_1").orElseThrow().stripeCustomerId()).isNull();
    // What the next checkout does: attach a new customer (first writer wins).
    assertThat(tenants.attachStripeCustomer("t_1", "cus_new")).isEqualTo("cus_new");

    directory.detachStripeCustomer("t_missing", "cus_old");
    assertThat(directory.exists("t_1")).isTrue();
    assertThat(directory.exists("t_missing")).isFalse();
  }
}
