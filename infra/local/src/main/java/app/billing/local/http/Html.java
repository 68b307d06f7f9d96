package app.billing.local.http;

/** Escaping and the shared page frame of the local pages (plain HTML, no framework). */
public final class Html {
  private static final String STYLE =
      """
      :root { color-scheme: light; --ink:#1a1f36; --muted:#697386; --line:#e3e8ee; --brand:#635bff; --bad:#df1b41; --ok:#0e8a3e; }
      * { box-sizing: border-box; }
      body { margin:0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:#f6f9fc; }
      header { background:#fff; border-bottom:1px solid var(--line); padding:14px 24px; display:flex; gap:12px; align-items:center; }
      header .badge { background:#ffde92; color:#5d4200; font-size:12px; font-weight:600; padding:2px 8px; border-radius:4px; }
      main { max-width:960px; margin:24px auto; padding:0 24px; }
      h1 { font-size:22px; margin:0 0 8px; } h2 { font-size:17px; margin:24px 0 8px; }
      .card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:20px; margin:12px 0; }
      .grid { display:grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap:16px; }
      .muted { color:var(--muted); } .amount { font-size:28px; font-weight:600; }
      .status { display:inline-block; padding:1px 8px; border-radius:10px; font-size:13px; font-weight:600; background:#e3e8ee; }
      .status.active, .status.trialing, .status.paid, .status.full { background:#d7f7c2; color:#05690d; }
      .status.past_due, .status.open, .status.grace, .status.authorized { background:#fcedb9; color:#7a4d00; }
      .status.canceled, .status.none, .status.unpaid { background:#ffe7f2; color:#b3093c; }
      button, .button { font:inherit; font-weight:600; border:0; border-radius:6px; padding:9px 16px; cursor:pointer;
        background:var(--brand); color:#fff; text-decoration:none; display:inline-block; }
      button.secondary, .button.secondary { background:#fff; color:var(--ink); border:1px solid var(--line); }
      button.danger { background:var(--bad); }
      form.inline { display:inline; margin:0 6px 6px 0; }
      .error { background:#ffe7f2; color:#b3093c; border:1px solid #f8b7cd; padding:10px 14px; border-radius:6px; }
      .notice { background:#e6f6ff; color:#0a4d7a; border:1px solid #b6e0fb; padding:10px 14px; border-radius:6px; }
      table { border-collapse:collapse; width:100%; } td, th { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); }
      code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size:13px; }
      pre { white-space:pre-wrap; background:#f6f9fc; padding:8px; border-radius:6px; }
      input[type=text], select { font:inherit; padding:8px; border:1px solid var(--line); border-radius:6px; }
      """;

  private Html() {}

  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A complete page: {@code title} is escaped, {@code body} is HTML. */
  public static String page(String title, String headerLabel, String body) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + escape(title)
        + "</title><style>"
        + STYLE
        + "</style></head><body>"
        + "<header><strong>"
        + escape(headerLabel)
        + "</strong><span class=\"badge\">LOCAL</span></header>"
        + "<main>"
        + body
        + "</main></body></html>";
  }
}
