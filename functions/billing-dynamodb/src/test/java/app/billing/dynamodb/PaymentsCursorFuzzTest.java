package app.billing.dynamodb;

import app.billing.core.port.PaymentHistory.InvalidCursorException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Fuzzes the payments cursor decoder ({@code GET /billing/payments?cursor=}): a cursor decodes to a
 * payment sort key (which only positions a read inside the caller's own partition) that encodes
 * back to a cursor decoding to the same key, or is refused with {@link InvalidCursorException} (the
 * account service's 400). Anything else thrown is a finding.
 */
class PaymentsCursorFuzzTest {
  private static final Pattern PAYMENT_SK =
      Pattern.compile("PAYMENT#[0-9]{12}#[A-Za-z0-9_-]{1,255}");

  @FuzzTest(maxDuration = "20s")
  void decodesAPaymentPositionOrRefusesTheCursor(byte[] data) {
    String cursor = new String(data, StandardCharsets.UTF_8);
    String sortKey;
    try {
      sortKey = DynamoPaymentsPage.decode(cursor);
    } catch (InvalidCursorException e) {
      return;
    }
    check(PAYMENT_SK.matcher(sortKey).matches(), "a cursor only ever names a payment position");
    check(
        DynamoPaymentsPage.decode(DynamoPaymentsPage.encode(sortKey)).equals(sortKey),
        "round trip");
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
