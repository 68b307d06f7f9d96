package app.billing.provisioning.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefundsTest {

  @Test
  void aFullRefundTakesBackEveryCredit() {
    assertThat(Refunds.takenBackAt(15, 29900, 29900)).isEqualTo(15);
    assertThat(Refunds.status(29900, 29900, "paid")).isEqualTo("refunded");
  }

  @Test
  void aPartialRefundTakesBackTheFlooredShare() {
    // A third of 15 credits is 5; 10000 of 29900 is a bit over a third: floor(15 × 10000 / 29900).
    assertThat(Refunds.takenBackAt(15, 29900, 10000)).isEqualTo(5);
    assertThat(Refunds.takenBackAt(15, 30000, 9999)).isEqualTo(4);
    assertThat(Refunds.status(29900, 10000, "paid")).isEqualTo("partially_refunded");
  }

  @Test
  void nothingRefundedKeepsThePaidStatusAndEveryCredit() {
    assertThat(Refunds.takenBackAt(15, 29900, 0)).isZero();
    assertThat(Refunds.status(29900, 0, "paid")).isEqualTo("paid");
  }

  @Test
  void successivePartialRefundsAddUpToWhatOneRefundOfTheirTotalTakes() {
    long first = Refunds.debitOf(5, 30000, 0, 10000);
    long second = Refunds.debitOf(5, 30000, 10000, 20000);
    long third = Refunds.debitOf(5, 30000, 20000, 30000);

    assertThat(first).isEqualTo(1); // floor(5/3)
    assertThat(first + second).isEqualTo(Refunds.takenBackAt(5, 30000, 20000)); // floor(10/3) = 3
    assertThat(first + second + third).isEqualTo(5);
  }

  @Test
  void aDebitNeverTakesTheBalanceBelowZero() {
    assertThat(Refunds.cappedDebit(3, 15)).isEqualTo(3);
    assertThat(Refunds.cappedDebit(0, 15)).isZero();
    assertThat(Refunds.cappedDebit(20, 15)).isEqualTo(15);
  }

  @Test
  void aRefundOfAFreeOrCreditlessPurchaseTakesNothing() {
    assertThat(Refunds.takenBackAt(0, 29900, 29900)).isZero();
    assertThat(Refunds.takenBackAt(15, 0, 0)).isZero();
  }
}
