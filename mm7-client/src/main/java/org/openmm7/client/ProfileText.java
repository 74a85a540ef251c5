package org.openmm7.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.openmm7.client.Profile.Setting;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.schema.Mm7Release;

/**
 * The profile file format: UTF-8 text, one {@code key = value} per line, blank lines and lines
 * starting with {@code #} ignored. Keys: {@code base} (a built-in profile to start from, first),
 * {@code name}, {@code description}, {@code source} (may repeat), and the {@link Setting} keys;
 * each key at most once. Lists are comma-separated; {@code none} is the empty list.
 */
final class ProfileText {
  private ProfileText() {}

  static Profile parse(String text, String origin) {
    Profile.Builder b = null;
    Set<String> seen = new HashSet<>();
    List<String> sources = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1).strip();
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = origin + " line " + (i + 1);
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(where + ": expected 'key = value', found '" + shorten(line) + "'");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (!key.equals("source") && !seen.add(key)) {
        throw new IllegalArgumentException(where + ": '" + key + "' is set twice");
      }
      if (key.equals("base")) {
        if (b != null) {
          throw new IllegalArgumentException(where + ": 'base' must come before every other key");
        }
        b = Profile.builtIn(value).orElseThrow(() -> new IllegalArgumentException(where + ": no built-in profile '"
            + shorten(value) + "' (one of " + String.join(", ", Profile.names()) + ")")).toBuilder().name("custom");
        continue;
      }
      if (b == null) {
        b = Profile.builder();
      }
      try {
        switch (key) {
          case "name" -> b.name(value);
          case "description" -> b.description(value);
          case "source" -> sources.add(value);
          default -> {
            Setting s = Setting.ofKey(key).orElseThrow(() -> new IllegalArgumentException("unknown key '"
                + shorten(key) + "'" + suggestion(key)));
            set(b, s, value);
          }
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    if (b == null) {
      b = Profile.builder();
    }
    if (!sources.isEmpty()) {
      b.sources(sources); // the file's own account of where its facts come from, not its base's
    }
    return b.build();
  }

  private static String suggestion(String key) {
    for (Setting s : Setting.values()) {
      if (s.key().equalsIgnoreCase(key) || s.key().equalsIgnoreCase(key.replace("-", "").replace("_", ""))) {
        return " (did you mean '" + s.key() + "'?)";
      }
    }
    return "; keys: base, name, description, source, " + String.join(", ", keys());
  }

  private static List<String> keys() {
    List<String> out = new ArrayList<>();
    for (Setting s : Setting.values()) {
      out.add(s.key());
    }
    return out;
  }

  static String write(Profile p) {
    StringBuilder sb = new StringBuilder();
    sb.append("# MM7 peer profile (OpenMM7); keys and values: src/docs/profiles.md\n");
    sb.append("name = ").append(p.name()).append('\n');
    if (!p.description().isEmpty()) {
      sb.append("description = ").append(p.description()).append('\n');
    }
    for (String s : p.sources()) {
      sb.append("source = ").append(s).append('\n');
    }
    for (Setting s : Setting.values()) {
      sb.append(s.key()).append(" = ").append(format(p, s)).append('\n');
    }
    return sb.toString();
  }

  static String format(Profile p, Setting s) {
    switch (s) {
      case ROLE:
        return p.role().name().toLowerCase(Locale.ROOT);
      case RELEASE:
        return p.release().releaseName();
      case MM7_VERSION:
        return p.mm7Version();
      case SOAP_ACTION:
        return p.soapAction().name().toLowerCase(Locale.ROOT);
      case CHUNKED:
        return String.valueOf(p.chunked());
      case EXPECT_CONTINUE:
        return String.valueOf(p.expectContinue());
      case MAX_RECIPIENTS:
        return String.valueOf(p.maxRecipients());
      case NUMBER_FORMAT:
        return p.numberFormat().text();
      case SMIL_REQUIRED:
        return String.valueOf(p.smilRequired());
      case FAULT_HTTP_STATUS:
        return String.valueOf(p.faultHttpStatus());
      case FAULT_CODE:
        return p.faultCode().text();
      case AUTH_SCHEMES:
        return list(p.authSchemes(), e -> e.name().toLowerCase(Locale.ROOT));
      case AUTH_FAILURE:
        return p.authFailure().text();
      case AUTH_REALM:
        return p.authRealm();
      case DELIVERY_REPORTS:
        return list(p.deliveryReports(), MessageStatus::wireName);
      case REPORT_TRANSACTION_IDS:
        return p.reportTransactionIds().text();
      case ANSWER_NAMESPACE:
        return p.answerNamespace().text();
      case ACCEPTED_RELEASES:
        return p.acceptedReleases().isEmpty() ? "all" : list(p.acceptedReleases(), Mm7Release::releaseName);
      case VERSION_REFUSAL_STATUS:
        return String.valueOf(p.versionRefusalStatus());
      case UNSUPPORTED_OPERATIONS:
        return list(p.unsupportedOperations(), Function.identity());
      case STRIPPED_ELEMENTS:
        return list(p.strippedElements(), Function.identity());
      case MAX_MESSAGE_SIZE:
        return String.valueOf(p.maxMessageSize());
      case OVERSIZE:
        return p.oversize().text();
      case EMPTY_REPLIES_ACCEPTED:
        return String.valueOf(p.emptyRepliesAccepted());
      case CARRIER_HEADER:
        return p.carrierHeader() == null ? "none" : p.carrierHeader();
      case PUSH_ATTEMPTS:
        return String.valueOf(p.pushAttempts());
      case PUSH_INTERVAL:
        return duration(p.pushInterval());
      default:
        throw new AssertionError(s);
    }
  }

  private static void set(Profile.Builder b, Setting s, String v) {
    switch (s) {
      case ROLE -> b.role(choice(Profile.Role.class, v, e -> e.name().toLowerCase(Locale.ROOT)));
      case RELEASE -> b.release(release(v));
      case MM7_VERSION -> b.mm7Version(v);
      case SOAP_ACTION -> b.soapAction(choice(SoapActionStyle.class, v, e -> e.name().toLowerCase(Locale.ROOT)));
      case CHUNKED -> b.chunked(bool(v));
      case EXPECT_CONTINUE -> b.expectContinue(bool(v));
      case MAX_RECIPIENTS -> b.maxRecipients(integer(v));
      case NUMBER_FORMAT -> b.numberFormat(choice(Profile.NumberFormat.class, v, Profile.NumberFormat::text));
      case SMIL_REQUIRED -> b.smilRequired(bool(v));
      case FAULT_HTTP_STATUS -> b.faultHttpStatus(integer(v));
      case FAULT_CODE -> b.faultCode(choice(Profile.FaultCode.class, v, Profile.FaultCode::text));
      case AUTH_SCHEMES -> {
        List<Profile.AuthScheme> schemes = new ArrayList<>();
        for (String item : items(v)) {
          schemes.add(choice(Profile.AuthScheme.class, item, e -> e.name().toLowerCase(Locale.ROOT)));
        }
        b.authSchemes(schemes);
      }
      case AUTH_FAILURE -> b.authFailure(choice(Profile.AuthFailure.class, v, Profile.AuthFailure::text));
      case AUTH_REALM -> b.authRealm(v);
      case DELIVERY_REPORTS -> {
        List<MessageStatus> statuses = new ArrayList<>();
        for (String item : items(v)) {
          MessageStatus st = MessageStatus.fromWire(item);
          if (st == null) {
            throw new IllegalArgumentException("'" + shorten(item) + "' is not an MMStatus of TS 23.140 (Expired, "
                + "Retrieved, Rejected, Indeterminate, Forwarded, Deferred, ...)");
          }
          statuses.add(st);
        }
        b.deliveryReports(statuses);
      }
      case REPORT_TRANSACTION_IDS -> b.reportTransactionIds(choice(Profile.ReportTransactionIds.class, v,
          Profile.ReportTransactionIds::text));
      case ANSWER_NAMESPACE -> b.answerNamespace(choice(Profile.AnswerNamespace.class, v, Profile.AnswerNamespace::text));
      case ACCEPTED_RELEASES -> {
        List<Mm7Release> releases = new ArrayList<>();
        if (!v.equalsIgnoreCase("all")) {
          for (String item : items(v)) {
            releases.add(release(item));
          }
        }
        b.acceptedReleases(releases);
      }
      case VERSION_REFUSAL_STATUS -> b.versionRefusalStatus(integer(v));
      case UNSUPPORTED_OPERATIONS -> b.unsupportedOperations(items(v));
      case STRIPPED_ELEMENTS -> b.strippedElements(items(v));
      case MAX_MESSAGE_SIZE -> b.maxMessageSize(size(v));
      case OVERSIZE -> b.oversize(choice(Profile.Oversize.class, v, Profile.Oversize::text));
      case EMPTY_REPLIES_ACCEPTED -> b.emptyRepliesAccepted(bool(v));
      case CARRIER_HEADER -> b.carrierHeader(v.equalsIgnoreCase("none") ? null : v);
      case PUSH_ATTEMPTS -> b.pushAttempts(integer(v));
      case PUSH_INTERVAL -> b.pushInterval(parseDuration(v));
      default -> throw new AssertionError(s);
    }
  }

  private static <E extends Enum<E>> E choice(Class<E> type, String v, Function<E, String> text) {
    List<String> allowed = new ArrayList<>();
    for (E e : EnumSet.allOf(type)) {
      if (text.apply(e).equalsIgnoreCase(v)) {
        return e;
      }
      allowed.add(text.apply(e));
    }
    throw new IllegalArgumentException("'" + shorten(v) + "' is not one of " + String.join(", ", allowed));
  }

  private static Mm7Release release(String v) {
    return Mm7Release.fromName(v).orElseThrow(() -> new IllegalArgumentException("'" + shorten(v)
        + "' is not an MM7 release (REL-5-MM7-1-0 to REL-5-MM7-1-5, REL-6-MM7-1-0 to REL-6-MM7-1-4)"));
  }

  private static boolean bool(String v) {
    if (v.equalsIgnoreCase("true")) {
      return true;
    }
    if (v.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("'" + shorten(v) + "' is not true or false");
  }

  private static int integer(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + shorten(v) + "' is not a whole number");
    }
  }

  /** Bytes, or with a binary suffix: {@code 128k}, {@code 1m}. */
  private static long size(String v) {
    String s = v.toLowerCase(Locale.ROOT);
    long unit = 1;
    if (s.endsWith("k")) {
      unit = 1024;
    } else if (s.endsWith("m")) {
      unit = 1024 * 1024;
    }
    try {
      return Math.multiplyExact(Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1).strip()), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("'" + shorten(v) + "' is not a size in bytes (e.g. 131072, 128k, 1m)");
    }
  }

  private static String duration(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.toSeconds() % 60 == 0 && d.toNanosPart() == 0) {
      return d.toMinutes() + "m";
    }
    if (d.toNanosPart() == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }

  private static Duration parseDuration(String v) {
    String s = v.toLowerCase(Locale.ROOT);
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).strip()));
      } else if (s.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).strip()));
      } else if (s.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).strip()));
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new IllegalArgumentException("'" + shorten(v) + "' is not a duration (e.g. 500ms, 30s, 5m)");
  }

  private static List<String> items(String v) {
    List<String> out = new ArrayList<>();
    if (v.equalsIgnoreCase("none") || v.isEmpty()) {
      return out;
    }
    for (String item : v.split(",")) {
      String s = item.strip();
      if (s.isEmpty()) {
        throw new IllegalArgumentException("an empty item in the list '" + shorten(v) + "'");
      }
      out.add(s);
    }
    return out;
  }

  private static <T> String list(java.util.Collection<T> values, Function<T, String> text) {
    if (values.isEmpty()) {
      return "none";
    }
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(text.apply(v)));
    return String.join(",", out);
  }

  /** A value quoted in an error message, cut to a readable length and without control characters. */
  private static String shorten(String s) {
    String clean = s.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
  }
}
