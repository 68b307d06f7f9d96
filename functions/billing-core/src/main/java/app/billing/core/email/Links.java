package app.billing.core.email;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which links from Stripe objects an email may render: absolute {@code https:} URLs with a host and
 * no user info. A {@code javascript:}, {@code data:}, {@code http:} or unparsable value is dropped,
 * never rendered, in the HTML and the text part alike.
 */
public final class Links {
  private static final int MAX_LENGTH = 2048;

  private Links() {}

  public static Optional<String> https(String candidate) {
    if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return Optional.empty();
      }
    }
    try {
      URI uri = new URI(candidate);
      if (uri.getScheme() == null
          || !"https".equals(uri.getScheme().toLowerCase(Locale.ROOT))
          || uri.isOpaque()
          || uri.getHost() == null
          || uri.getRawUserInfo() != null) {
        return Optional.empty();
      }
      return Optional.of(candidate);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
