package org.openmm7.client.message;

import java.util.Map;
import java.util.TreeMap;

/**
 * An MM7 StatusCode. Open: any integer is a valid value, because real peers send codes outside
 * the specification's table (2500-2599, 3500-3599, 6102, ...). The table's codes are constants.
 */
public final class Mm7Status implements Comparable<Mm7Status> {
  private static final Map<Integer, Mm7Status> KNOWN = new TreeMap<>();

  public static final Mm7Status SUCCESS = known(1000, "Success");
  public static final Mm7Status PARTIAL_SUCCESS = known(1100, "Partial success");
  public static final Mm7Status CLIENT_ERROR = known(2000, "Client error");
  public static final Mm7Status OPERATION_RESTRICTED = known(2001, "Operation restricted");
  public static final Mm7Status ADDRESS_ERROR = known(2002, "Address Error");
  public static final Mm7Status ADDRESS_NOT_FOUND = known(2003, "Address Not Found");
  public static final Mm7Status MULTIMEDIA_CONTENT_REFUSED = known(2004, "Multimedia content refused");
  public static final Mm7Status MESSAGE_ID_NOT_FOUND = known(2005, "Message ID Not found");
  public static final Mm7Status LINKED_ID_NOT_FOUND = known(2006, "LinkedID not found");
  public static final Mm7Status MESSAGE_FORMAT_CORRUPT = known(2007, "Message format corrupt");
  public static final Mm7Status APPLICATION_ID_NOT_FOUND = known(2008, "Application ID not found");
  public static final Mm7Status REPLY_APPLICATION_ID_NOT_FOUND = known(2009, "Reply Application ID not found");
  public static final Mm7Status SERVER_ERROR = known(3000, "Server Error");
  public static final Mm7Status NOT_POSSIBLE = known(3001, "Not Possible");
  public static final Mm7Status MESSAGE_REJECTED = known(3002, "Message rejected");
  public static final Mm7Status MULTIPLE_ADDRESSES_NOT_SUPPORTED = known(3003, "Multiple addresses not supported");
  public static final Mm7Status APPLICATION_ADDRESSING_NOT_SUPPORTED = known(3004, "Application Addressing not supported");
  public static final Mm7Status GENERAL_SERVICE_ERROR = known(4000, "General service error");
  public static final Mm7Status IMPROPER_IDENTIFICATION = known(4001, "Improper identification");
  public static final Mm7Status UNSUPPORTED_VERSION = known(4002, "Unsupported version");
  public static final Mm7Status UNSUPPORTED_OPERATION = known(4003, "Unsupported operation");
  public static final Mm7Status VALIDATION_ERROR = known(4004, "Validation error");
  public static final Mm7Status SERVICE_ERROR = known(4005, "Service error");
  public static final Mm7Status SERVICE_UNAVAILABLE = known(4006, "Service unavailable");
  public static final Mm7Status SERVICE_DENIED = known(4007, "Service denied");
  public static final Mm7Status APPLICATION_DENIED = known(4008, "Application denied");

  private final int code;
  private final String defaultText;

  private Mm7Status(int code, String defaultText) {
    this.code = code;
    this.defaultText = defaultText;
  }

  private static Mm7Status known(int code, String text) {
    Mm7Status s = new Mm7Status(code, text);
    KNOWN.put(code, s);
    return s;
  }

  /** The status for any code: the named constant when the table has it. */
  public static Mm7Status of(int code) {
    Mm7Status s = KNOWN.get(code);
    return s != null ? s : new Mm7Status(code, defaultTextFor(code));
  }

  private static String defaultTextFor(int code) {
    if (code >= 1000 && code < 2000) {
      return "Success";
    } else if (code >= 2000 && code < 3000) {
      return "Client error";
    } else if (code >= 3000 && code < 4000) {
      return "Server error";
    } else if (code >= 4000 && code < 5000) {
      return "Service error";
    }
    return "Status " + code;
  }

  public int code() {
    return code;
  }

  /** The specification's text for this code, or a generic one for codes outside the table. */
  public String defaultText() {
    return defaultText;
  }

  /** 1xxx: the request was carried out (1100 says only partly). */
  public boolean isSuccess() {
    return code >= 1000 && code < 2000;
  }

  /** 1100: a success that says not every recipient was reached. */
  public boolean isPartialSuccess() {
    return code == 1100;
  }

  /** 2xxx: the request was wrong. */
  public boolean isClientError() {
    return code >= 2000 && code < 3000;
  }

  /** 3xxx: the relay could not do it. */
  public boolean isServerError() {
    return code >= 3000 && code < 4000;
  }

  /** 4xxx: the service refused (identification, version, operation, validation). */
  public boolean isServiceError() {
    return code >= 4000 && code < 5000;
  }

  /** Whether the specification's table names this code. */
  public boolean isKnown() {
    return KNOWN.containsKey(code);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mm7Status other && other.code == code;
  }

  @Override
  public int hashCode() {
    return Integer.hashCode(code);
  }

  @Override
  public int compareTo(Mm7Status o) {
    return Integer.compare(code, o.code);
  }

  @Override
  public String toString() {
    return code + " " + defaultText;
  }
}
