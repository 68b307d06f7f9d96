package app.billing.logging;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.event.Level;

/**
 * Encodes one log event as one JSON object (Gson's {@link JsonWriter}: every string escaped, so a
 * message with quotes or line breaks stays one line) and writes it, UTF-8, to the stream in one call,
 * so that lines of concurrent threads never interleave.
 */
final class JsonLineWriter {
  /** Fields of every line; an MDC entry with one of these names is left out rather than duplicated. */
  static final Set<String> RESERVED =
      Set.of("timestamp", "level", "logger", "message", "error", "errorMessage", "stackTrace");

  private final Supplier<PrintStream> out;
  private final LongSupplier clock;
  private final ThreadLocalMdcAdapter mdc;

  /**
   * @param out the stream, looked up for every line ({@code System.out} may be replaced)
   * @param clock epoch milliseconds
   */
  JsonLineWriter(Supplier<PrintStream> out, LongSupplier clock, ThreadLocalMdcAdapter mdc) {
    this.out = out;
    this.clock = clock;
    this.mdc = mdc;
  }

  void write(Level level, String logger, String message, Throwable throwable) {
    byte[] line = format(clock.getAsLong(), level, logger, message, mdc.current(), throwable)
        .getBytes(StandardCharsets.UTF_8);
    PrintStream stream = out.get();
    stream.write(line, 0, line.length); // PrintStream locks itself for the whole array
    stream.flush();
  }

  static String format(long epochMillis, Level level, String logger, String message,
      Map<String, String> context, Throwable throwable) {
    StringWriter buffer = new StringWriter(256);
    try (JsonWriter json = new JsonWriter(buffer)) {
      json.beginObject();
      json.name("timestamp").value(timestamp(epochMillis));
      json.name("level").value(level.name());
      json.name("logger").value(logger);
      json.name("message").value(message);
      if (context != null) {
        for (Map.Entry<String, String> entry : context.entrySet()) {
          if (!RESERVED.contains(entry.getKey())) {
            json.name(entry.getKey()).value(entry.getValue());
          }
        }
      }
      if (throwable != null) {
        json.name("error").value(throwable.getClass().getName());
        if (throwable.getMessage() != null) {
          json.name("errorMessage").value(throwable.getMessage());
        }
        StringWriter trace = new StringWriter(1024);
        throwable.printStackTrace(new PrintWriter(trace));
        json.name("stackTrace").value(trace.toString());
      }
      json.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not throw
    }
    return buffer.append('\n').toString();
  }

  /** {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, the format the log4j2 template had. */
  static String timestamp(long epochMillis) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L),
        (int) Math.floorMod(epochMillis, 1000L) * 1_000_000, ZoneOffset.UTC);
    StringBuilder s = new StringBuilder(24);
    pad(s, t.getYear(), 4).append('-');
    pad(s, t.getMonthValue(), 2).append('-');
    pad(s, t.getDayOfMonth(), 2).append('T');
    pad(s, t.getHour(), 2).append(':');
    pad(s, t.getMinute(), 2).append(':');
    pad(s, t.getSecond(), 2).append('.');
    return pad(s, t.getNano() / 1_000_000, 3).append('Z').toString();
  }

  private static StringBuilder pad(StringBuilder s, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      s.append('0');
    }
    return s.append(digits);
  }
}
