package app.billing.core.email;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.StringWriter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders emails from the Mustache templates under {@code emails/}. HTML templates escape values;
 * text templates are compiled without escaping so URLs stay readable.
 */
public final class EmailComposer {
  private final EmailSettings settings;
  private final Map<EmailKind, Templates> templates = new EnumMap<>(EmailKind.class);

  public EmailComposer(EmailSettings settings) {
    this.settings = settings;
    MustacheFactory html = new DefaultMustacheFactory("emails");
    MustacheFactory plain =
        new DefaultMustacheFactory("emails") {
          @Override
          public void encode(String value, java.io.Writer writer) {
            try {
              writer.write(value);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        };
    for (EmailKind kind : EmailKind.values()) {
      String name = kind.template();
      templates.put(
          kind,
          new Templates(
              plain.compile(name + ".subject.mustache"),
              plain.compile(name + ".txt.mustache"),
              html.compile(name + ".html.mustache")));
    }
  }

  /**
   * @param values template values; {@code productName} and {@code billingUrl} are always added. A
   *     value named {@code ...Url} comes from a Stripe object and is rendered only when it is an
   *     {@code https:} link ({@link Links}); otherwise it is dropped (false), in HTML and text
   *     alike.
   */
  public Email compose(EmailKind kind, String to, Map<String, Object> values) {
    Map<String, Object> scope = new HashMap<>(values);
    scope.replaceAll((name, value) -> name.endsWith("Url") ? safeLink(value) : value);
    scope.put("productName", settings.productName());
    scope.put("billingUrl", settings.billingUrl());
    Templates t = templates.get(kind);
    return new Email(
        kind,
        settings.from(),
        settings.replyTo(),
        to,
        render(t.subject, scope).strip(),
        render(t.text, scope),
        render(t.html, scope));
  }

  private static Object safeLink(Object value) {
    return value instanceof String link
        ? Links.https(link).<Object>map(l -> l).orElse(false)
        : false;
  }

  private static String render(Mustache template, Map<String, Object> scope) {
    StringWriter out = new StringWriter();
    template.execute(out, scope);
    return out.toString();
  }

  private record Templates(Mustache subject, Mustache text, Mustache html) {}
}
