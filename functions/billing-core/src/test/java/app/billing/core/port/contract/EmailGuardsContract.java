package app.billing.core.port.contract;

import static org.assertj.core.api.Assertions.assertThat;

import app.billing.core.port.EmailGuards;
import app.billing.core.port.EmailGuards.EmailClaim;
import app.billing.core.port.EmailGuards.SentEmail;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EmailGuards} does; run against the in-memory fake (billing-core) and the
 * DynamoDB adapter (billing-dynamodb ITs).
 */
public abstract class EmailGuardsContract {
  private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

  /** A fresh, empty store whose claims last {@link #LEASE}. */
  protected abstract EmailGuards emailGuards();

  protected static final Duration LEASE = Duration.ofMinutes(2);

  @Test
  void anEmailIsClaimedOnceThenMarkedSentStaysTaken() {
    EmailGuards guards = emailGuards();
    assertThat(guards.claimEmail("evt_1:receipt", T0, false)).isEqualTo(EmailClaim.CLAIMED);
    assertThat(guards.claimEmail("evt_1:receipt", T0.plusSeconds(10), false))
        .isEqualTo(EmailClaim.TAKEN);
    assertThat(guards.claimEmail("evt_2:receipt", T0, false)).isEqualTo(EmailClaim.CLAIMED);

    guards.markEmailSent(new SentEmail("evt_1:receipt", T0.plusSeconds(20), false));

    assertThat(guards.claimEmail("evt_1:receipt", T0.plus(Duration.ofDays(1)), false))
        .isEqualTo(EmailClaim.TAKEN);
  }

  @Test
  void aReleasedOrExpiredClaimCanBeClaimedAgain() {
    EmailGuards guards = emailGuards();
    guards.claimEmail("evt_1:receipt", T0, false);
    guards.releaseEmail("evt_1:receipt");
    assertThat(guards.claimEmail("evt_1:receipt", T0.plusSeconds(1), false))
        .isEqualTo(EmailClaim.CLAIMED);

    // Not at the lease's exact end: adapters may round it either way.
    assertThat(guards.claimEmail("evt_1:receipt", T0.plus(LEASE), false))
        .isEqualTo(EmailClaim.TAKEN);
    assertThat(guards.claimEmail("evt_1:receipt", T0.plus(LEASE).plusSeconds(2), false))
        .isEqualTo(EmailClaim.CLAIMED);
  }

  @Test
  void aSentEmailCannotBeReleased() {
    EmailGuards guards = emailGuards();
    guards.claimEmail("welcome:sub_1", T0, true);
    guards.markEmailSent(new SentEmail("welcome:sub_1", T0.plusSeconds(1), true));
    guards.releaseEmail("welcome:sub_1");

    assertThat(guards.claimEmail("welcome:sub_1", T0.plus(Duration.ofDays(400)), true))
        .isEqualTo(EmailClaim.TAKEN);
  }
}
