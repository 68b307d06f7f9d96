package app.billing.core.email;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Optional;

/**
 * Which addresses an email may go to. Addresses come from Stripe objects that customers edit, so
 * they are parsed strictly: exactly one bare address ({@code local@domain.tld}), printable ASCII,
 * no display name, no group or list, no CR/LF or other control characters, no domain literal.
 * Anything else is never handed to SES.
 */
public final class Recipients {
  /** SES refuses longer addresses; RFC 5321 allows 254. */
  private static final int MAX_LENGTH = 254;

  private Recipients() {}

  /** The address itself when it is one valid bare address; empty otherwise. */
  public static Optional<String> parse(String candidate) {
    if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      // Printable ASCII without space: no CR/LF (header injection), no lists "a@x, b@y", no names.
      if (c <= 0x20 || c >= 0x7f || c == ',' || c == ';' || c == '<' || c == '>' || c == '"') {
        return Optional.empty();
      }
    }
    try {
      InternetAddress address = new InternetAddress(candidate, true);
      address.validate();
      String parsed = address.getAddress();
      if (address.isGroup() || address.getPersonal() != null || !candidate.equals(parsed)) {
        return Optional.empty();
      }
      int at = parsed.lastIndexOf('@');
      String domain = at < 0 ? "" : parsed.substring(at + 1);
      if (at <= 0 || domain.startsWith("[") || !domain.contains(".") || domain.endsWith(".")) {
        return Optional.empty();
      }
      return Optional.of(parsed);
    } catch (AddressException e) {
      return Optional.empty();
    }
  }
}
