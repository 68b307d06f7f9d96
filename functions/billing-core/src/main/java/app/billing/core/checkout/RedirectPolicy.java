package app.billing.core.checkout;

import app.billing.core.config.ConfigReader;
import app.billing.core.error.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where Stripe may send a browser back to. A client may name its own {@code success_url}, {@code
 * cancel_url} or {@code return_url}, but only on an allowed origin (scheme, host and port):
 * otherwise anyone holding an API key could turn our Stripe pages into an open redirect to a
 * look-alike site. The origins of the configured default URLs are always allowed.
 *
 * <p>URLs must use https; plain http is accepted only for {@code localhost} and {@code 127.0.0.1}
 * (local development).
 */
public final class RedirectPolicy {
  /** Longer URLs are refused before Stripe sees them (Stripe's own limit is 5000 characters). */
  public static final int MAX_URL_LENGTH = 2048;

  /**
   * Stripe's Checkout placeholder; braces are not legal in a URI, so it is masked while parsing.
   */
  static final String SESSION_PLACEHOLDER = "{CHECKOUT_SESSION_ID}";

  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1");

  private final Set<String> allowedOrigins;

  /**
   * @param allowedOrigins origins such as {@code https://app.example.com} or {@code
   *     http://localhost:3000}
   * @param defaultUrls the configured default redirect URLs; their origins are allowed too
   * @throws IllegalArgumentException naming the first origin or URL that is not acceptable
   */
  public RedirectPolicy(Collection<String> allowedOrigins, Collection<String> defaultUrls) {
    Set<String> origins = new LinkedHashSet<>();
    for (String origin : allowedOrigins) {
      originProblem(origin)
          .ifPresent(
              p -> {
                throw new IllegalArgumentException(p);
              });
      origins.add(
          origin(parse(origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin)));
    }
    for (String url : defaultUrls) {
      urlProblem(url)
          .ifPresent(
              p -> {
                throw new IllegalArgumentException(p);
              });
      origins.add(origin(parse(url)));
    }
    this.allowedOrigins = Set.copyOf(origins);
  }

  /** Environment variable: comma-separated origins clients may redirect to. */
  public static final String ALLOWED_REDIRECT_ORIGINS = "ALLOWED_REDIRECT_ORIGINS";

  /**
   * A required redirect URL from the environment; must be absolute and https (http only on
   * localhost).
   */
  public static String requiredUrl(ConfigReader env, String name) {
    String url = env.required(name);
    if (url != null) {
      urlProblem(url).ifPresent(p -> env.problem(name + ": " + p));
    }
    return url;
  }

  /**
   * {@value #ALLOWED_REDIRECT_ORIGINS} (optional), each checked to be a bare https (or local http)
   * origin.
   */
  public static List<String> configuredOrigins(ConfigReader env) {
    List<String> origins = new ArrayList<>();
    for (String origin : env.optionalList(ALLOWED_REDIRECT_ORIGINS)) {
      originProblem(origin)
          .ifPresentOrElse(
              p -> env.problem(ALLOWED_REDIRECT_ORIGINS + ": " + p), () -> origins.add(origin));
    }
    return origins;
  }

  /**
   * What is wrong with an allow-list entry, if anything: it must be a bare https (or local http)
   * origin.
   */
  public static Optional<String> originProblem(String origin) {
    String bare = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    URI uri = parse(bare);
    if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
      return Optional.of("'" + origin + "' is not an origin like https://app.example.com");
    }
    if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty())
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      return Optional.of(
          "'" + origin + "' must be an origin (scheme, host and optional port) without a path");
    }
    if (!secureOrLocal(uri)) {
      return Optional.of("'" + origin + "' must use https (http only for localhost or 127.0.0.1)");
    }
    return Optional.empty();
  }

  /** What is wrong with a configured redirect URL, if anything. */
  public static Optional<String> urlProblem(String url) {
    URI uri = parse(url);
    if (uri == null
        || uri.getScheme() == null
        || uri.getHost() == null
        || uri.getRawUserInfo() != null) {
      return Optional.of("'" + url + "' is not an absolute URL");
    }
    if (!secureOrLocal(uri)) {
      return Optional.of("'" + url + "' must use https (http only for localhost or 127.0.0.1)");
    }
    if (url.length() > MAX_URL_LENGTH) {
      return Optional.of("'" + url + "' is longer than " + MAX_URL_LENGTH + " characters");
    }
    return Optional.empty();
  }

  /**
   * The URL to hand to Stripe: the client's if it gave one and it is allowed, else the default.
   *
   * @param field the request field, named in the error
   * @throws ValidationException {@code invalid_field} for something that is not an absolute URL,
   *     {@code redirect_not_allowed} for an insecure scheme or an origin not on the allow-list
   */
  public String resolve(String field, Optional<String> requested, String defaultUrl) {
    if (requested.isEmpty()) {
      return defaultUrl;
    }
    String url = requested.get();
    if (url.length() > MAX_URL_LENGTH) {
      throw ValidationException.field(
          field, "'" + field + "' must be at most " + MAX_URL_LENGTH + " characters.");
    }
    URI uri = parse(url);
    if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
      throw ValidationException.field(field, "'" + field + "' must be an absolute URL.");
    }
    if (uri.getRawUserInfo() != null) {
      throw notAllowed(field, "'" + field + "' must not contain user information.");
    }
    if (!secureOrLocal(uri)) {
      throw notAllowed(field, "'" + field + "' must use https.");
    }
    if (!allowedOrigins.contains(origin(uri))) {
      throw notAllowed(
          field,
          "'" + field + "' must point to an allowed origin; " + origin(uri) + " is not one.");
    }
    return url;
  }

  /** Allowed origins, normalised (lower case, default ports dropped); for logs and tests. */
  public List<String> allowedOrigins() {
    return allowedOrigins.stream().sorted().toList();
  }

  private static ValidationException notAllowed(String field, String message) {
    return new ValidationException("redirect_not_allowed", message, Map.of("field", field));
  }

  private static boolean secureOrLocal(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return scheme.equals("https") || (scheme.equals("http") && LOCAL_HOSTS.contains(host));
  }

  /** {@code scheme://host[:port]}, lower case, without the scheme's default port. */
  private static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    return scheme
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  /** The parsed URL, or null when it does not parse. */
  private static URI parse(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      return new URI(url.replace(SESSION_PLACEHOLDER, "CHECKOUT_SESSION_ID"));
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * Makes sure Stripe can tell the success page which session finished: adds {@code
   * session_id={CHECKOUT_SESSION_ID}} to the query unless the URL already has the placeholder.
   */
  public static String withSessionPlaceholder(String url) {
    if (url.contains(SESSION_PLACEHOLDER)) {
      return url;
    }
    int hash = url.indexOf('#');
    String base = hash < 0 ? url : url.substring(0, hash);
    String fragment = hash < 0 ? "" : url.substring(hash);
    String separator =
        !base.contains("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
    return base + separator + "session_id=" + SESSION_PLACEHOLDER + fragment;
  }
}
