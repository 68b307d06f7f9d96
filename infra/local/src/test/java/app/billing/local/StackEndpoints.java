package app.billing.local;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engines' endpoints of a running stack, read from the banner {@code bin/local} prints (what a
 * developer copies to point {@code bin/admin} at the local stack).
 */
record StackEndpoints(URI stripeApiBase, URI dynamo, URI sqs) {

  static StackEndpoints of(RunningStack stack) {
    String banner = stack.banner();
    return new StackEndpoints(
        find(banner, "Stripe +local stand-in (\\S+)"),
        find(banner, "DynamoDB \\(dynalite\\) +(\\S+)"),
        find(banner, "SQS \\(ElasticMQ\\) +(\\S+)"));
  }

  private static URI find(String banner, String regex) {
    Matcher m = Pattern.compile(regex).matcher(banner);
    if (!m.find()) {
      throw new AssertionError("no match for " + regex + " in the banner:\n" + banner);
    }
    return URI.create(m.group(1));
  }
}
