package app.billing.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.billing.core.model.PaymentRecord;
import app.billing.core.port.PaymentHistory;
import app.billing.core.port.PaymentHistory.InvalidCursorException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DynamoPaymentsPageIT extends DynaliteTestSupport {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  PaymentHistory history;

  @BeforeEach
  void wire() {
    history = new DynamoPaymentsPage(dynamo, table);
  }

  @Test
  void noPaymentsIsOneEmptyLastPage() {
    PaymentHistory.Page page = history.payments("t1", 20, Optional.empty());

    assertThat(page.payments()).isEmpty();
    assertThat(page.hasMore()).isFalse();
  }

  @Test
  void pagesWalkEveryPaymentNewestFirstAndOnlyOfTheTenant() {
    IntStream.rangeClosed(1, 25).forEach(i -> save("t1", "in_" + i, START.plusSeconds(i * 3600L)));
    IntStream.rangeClosed(1, 3)
        .forEach(i -> save("t2", "in_t2_" + i, START.plusSeconds(i * 3600L + 1)));
    // Non-payment items of the tenant sort around the PAYMENT# range and must not show up.
    store.grantCredits("t1", "cs_1", 5, START);

    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      PaymentHistory.Page page = history.payments("t1", 10, cursor);
      page.payments().forEach(p -> seen.add(p.paymentId()));
      sizes.add(page.payments().size());
      cursor = page.nextCursor();
    } while (cursor.isPresent());

    assertThat(sizes).containsExactly(10, 10, 5);
    assertThat(seen)
        .containsExactlyElementsOf(
            IntStream.iterate(25, i -> i >= 1, i -> i - 1).mapToObj(i -> "in_" + i).toList());
  }

  @Test
  void exactlyLimitPaymentsLeftIsTheLastPage() {
    IntStream.rangeClosed(1, 3).forEach(i -> save("t1", "in_" + i, START.plusSeconds(i)));

    PaymentHistory.Page page = history.payments("t1", 3, Optional.empty());

    assertThat(page.payments()).hasSize(3);
    assertThat(page.hasMore()).isFalse();
  }

  @Test
  void theCursorIsTheUnpaddedBase64UrlSortKeyOfTheLastPayment() {
    save("t1", "in_old", START);
    save("t1", "in_new", START.plusSeconds(60));

    String cursor = history.payments("t1", 1, Optional.empty()).nextCursor().orElseThrow();

    assertThat(cursor).doesNotContain("=", "+", "/");
    assertThat(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8))
        .isEqualTo(BillingTable.paymentSk(START.getEpochSecond() + 60, "in_new"));
  }

  @Test
  void anotherTenantsCursorOnlyPositionsInsideTheCallersPartition() {
    save("t1", "in_a_old", START);
    save("t1", "in_a_new", START.plusSeconds(7200));
    save("t2", "in_b_old", START.plusSeconds(1800));
    save("t2", "in_b_new", START.plusSeconds(3600));
    String t2Cursor = history.payments("t2", 1, Optional.empty()).nextCursor().orElseThrow();

    PaymentHistory.Page page = history.payments("t1", 10, Optional.of(t2Cursor));

    assertThat(page.payments()).extracting(PaymentRecord::paymentId).containsExactly("in_a_old");
    assertThat(page.payments()).extracting(PaymentRecord::tenantId).containsOnly("t1");
  }

  @Test
  void cursorsThatAreNotPaymentPositionsAreRefused() {
    for (String cursor :
        List.of(
            "***",
            encode("SUBSCRIPTION"),
            encode("PAYMENT#12#in_1"),
            encode("PAYMENT#000000000001#in 1"),
            encode("TENANT#t2"),
            "x".repeat(600))) {
      assertThatThrownBy(() -> history.payments("t1", 10, Optional.of(cursor)))
          .as(cursor)
          .isInstanceOf(InvalidCursorException.class);
    }
    byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28};
    assertThatThrownBy(
            () ->
                history.payments(
                    "t1", 10, Optional.of(Base64.getUrlEncoder().encodeToString(notUtf8))))
        .isInstanceOf(InvalidCursorException.class);
  }

  void save(String tenant, String id, Instant created) {
    store.savePayment(
        Fixtures.invoice(
            tenant,
            id,
            created,
            "paid",
            4500,
            Fixtures.version(created.getEpochSecond(), "evt_" + id)),
        false);
  }

  static String encode(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
