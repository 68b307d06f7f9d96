package app.billing.local.http;

import app.billing.http.Routes.Route;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns an HTTP request into what API Gateway's HTTP API (payload format 2.0) hands a Lambda: the
 * {@link APIGatewayV2HTTPEvent} for the route's function and the {@link
 * APIGatewayV2CustomAuthorizerEvent} for the REQUEST authorizer. Mirrors API Gateway: lower-cased
 * header names with repeated values comma-joined, cookies taken out of the headers, {@code
 * x-forwarded-*} added, query parameters decoded (repeats comma-joined, absent when there are
 * none), and the body as text for text and JSON content types, base64 with {@code
 * isBase64Encoded=true} for anything else (or no content type).
 */
public final class ApiGatewayEvents {
  static final String ACCOUNT_ID = "123456789012";
  static final String API_ID = "local";
  static final String STAGE = "$default";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private ApiGatewayEvents() {}

  /** What both events share, read once from the exchange. */
  public record Request(
      String method,
      String rawPath,
      String rawQueryString,
      Map<String, String> headers,
      List<String> cookies,
      Map<String, String> queryStringParameters,
      String body,
      boolean base64,
      String sourceIp,
      String requestId,
      Instant time,
      String domainName) {}

  public static Request read(HttpExchange exchange, byte[] body, int port) {
    Instant now = Instant.now();
    Map<String, String> headers = new LinkedHashMap<>();
    List<String> cookies = null;
    Headers raw = exchange.getRequestHeaders();
    for (Map.Entry<String, List<String>> header : raw.entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.equals("cookie")) {
        cookies = new ArrayList<>();
        for (String value : header.getValue()) {
          for (String cookie : value.split(";")) {
            if (!cookie.isBlank()) {
              cookies.add(cookie.trim());
            }
          }
        }
        continue;
      }
      headers.merge(name, String.join(",", header.getValue()), (a, b) -> a + "," + b);
    }
    String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
    headers.putIfAbsent("x-forwarded-for", sourceIp);
    headers.putIfAbsent("x-forwarded-port", Integer.toString(port));
    headers.putIfAbsent("x-forwarded-proto", "http");
    headers.putIfAbsent(
        "x-amzn-trace-id",
        "Root=1-"
            + Long.toHexString(now.getEpochSecond())
            + "-"
            + HexFormat.of().formatHex(randomBytes(12)));
    String host = headers.getOrDefault("host", "127.0.0.1:" + port);
    String domainName = host.contains(":") ? host.substring(0, host.indexOf(':')) : host;

    String rawQuery = exchange.getRequestURI().getRawQuery();
    Map<String, String> query = null;
    if (rawQuery != null && !rawQuery.isEmpty()) {
      query = new LinkedHashMap<>();
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        query.merge(name, value, (a, b) -> a + "," + b);
      }
    }

    String text = null;
    boolean base64 = false;
    if (body != null && body.length > 0) {
      if (isText(headers.get("content-type"))) {
        text = new String(body, StandardCharsets.UTF_8);
      } else {
        text = Base64.getEncoder().encodeToString(body);
        base64 = true;
      }
    }
    String requestId = Base64.getEncoder().withoutPadding().encodeToString(randomBytes(10)) + "=";
    return new Request(
        exchange.getRequestMethod(),
        exchange.getRequestURI().getRawPath(),
        rawQuery == null ? "" : rawQuery,
        headers,
        cookies,
        query,
        text,
        base64,
        sourceIp,
        requestId,
        now,
        domainName);
  }

  /**
   * The function's event; {@code authorizerContext} is the authorizer's context (null on public
   * routes).
   */
  public static APIGatewayV2HTTPEvent httpEvent(
      Request request, Route route, Map<String, Object> authorizerContext) {
    APIGatewayV2HTTPEvent.RequestContext.Http http =
        APIGatewayV2HTTPEvent.RequestContext.Http.builder()
            .withMethod(request.method())
            .withPath(request.rawPath())
            .withProtocol("HTTP/1.1")
            .withSourceIp(request.sourceIp())
            .withUserAgent(request.headers().get("user-agent"))
            .build();
    APIGatewayV2HTTPEvent.RequestContext context =
        APIGatewayV2HTTPEvent.RequestContext.builder()
            .withAccountId(ACCOUNT_ID)
            .withApiId(API_ID)
            .withDomainName(request.domainName())
            .withDomainPrefix(request.domainName().split("\\.")[0])
            .withHttp(http)
            .withRequestId(request.requestId())
            .withRouteKey(route.routeKey())
            .withStage(STAGE)
            .withTime(TIME.format(request.time()))
            .withTimeEpoch(request.time().toEpochMilli())
            .build();
    if (authorizerContext != null) {
      context.setAuthorizer(
          APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
              .withLambda(authorizerContext)
              .build());
    }
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0")
        .withRouteKey(route.routeKey())
        .withRawPath(request.rawPath())
        .withRawQueryString(request.rawQueryString())
        .withCookies(request.cookies())
        .withHeaders(request.headers())
        .withQueryStringParameters(request.queryStringParameters())
        .withBody(request.body())
        .withIsBase64Encoded(request.base64())
        .withRequestContext(context)
        .build();
  }

  /** The REQUEST authorizer's event (payload format 2.0). */
  public static APIGatewayV2CustomAuthorizerEvent authorizerEvent(
      Request request, Route route, String identity) {
    APIGatewayV2CustomAuthorizerEvent.RequestContext context =
        new APIGatewayV2CustomAuthorizerEvent.RequestContext();
    context.setAccountId(ACCOUNT_ID);
    context.setApiId(API_ID);
    context.setDomainName(request.domainName());
    context.setDomainPrefix(request.domainName().split("\\.")[0]);
    APIGatewayV2CustomAuthorizerEvent.Http http = new APIGatewayV2CustomAuthorizerEvent.Http();
    http.setMethod(request.method());
    http.setPath(request.rawPath());
    http.setProtocol("HTTP/1.1");
    http.setSourceIp(request.sourceIp());
    http.setUserAgent(request.headers().get("user-agent"));
    context.setHttp(http);
    context.setRequestId(request.requestId());
    context.setRouteKey(route.routeKey());
    context.setStage(STAGE);
    context.setTime(TIME.format(request.time()));
    context.setTimeEpoch(request.time().toEpochMilli());
    APIGatewayV2CustomAuthorizerEvent event = new APIGatewayV2CustomAuthorizerEvent();
    event.setVersion("2.0");
    event.setType("REQUEST");
    event.setRouteArn(
        "arn:aws:execute-api:us-east-1:"
            + ACCOUNT_ID
            + ":"
            + API_ID
            + "/"
            + STAGE
            + "/"
            + route.method()
            + route.path());
    event.setIdentitySource(List.of(identity));
    event.setRouteKey(route.routeKey());
    event.setRawPath(request.rawPath());
    event.setRawQueryString(request.rawQueryString());
    event.setCookies(request.cookies());
    event.setHeaders(request.headers());
    event.setQueryStringParameters(request.queryStringParameters());
    event.setRequestContext(context);
    return event;
  }

  /** API Gateway passes these as text; everything else is base64-encoded. */
  static boolean isText(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    return type.startsWith("text/")
        || type.equals("application/json")
        || type.endsWith("+json")
        || type.equals("application/xml")
        || type.endsWith("+xml")
        || type.equals("application/javascript");
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
