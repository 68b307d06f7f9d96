package app.billing.testkit;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** Points any AWS SDK v2 client builder at a local engine, the same way for every module. */
public final class LocalAws {
  public static final Region REGION = Region.US_EAST_1;

  private LocalAws() {}

  /**
   * Sets region us-east-1, dummy static credentials and the endpoint; sync builders also get the
   * url-connection HTTP client (the only one on our classpath).
   */
  public static <B extends AwsClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
    builder
        .region(REGION)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .endpointOverride(endpoint);
    if (builder instanceof AwsSyncClientBuilder<?, ?> sync) {
      sync.httpClientBuilder(UrlConnectionHttpClient.builder());
    }
    return builder;
  }
}
