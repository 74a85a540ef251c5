package org.openmm7.cli;

import org.openmm7.client.internal.SafeText;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.openmm7.client.Credentials;
import org.openmm7.client.Mm7Client;
import org.openmm7.client.Mm7Exception;
import org.openmm7.client.Mm7ProtocolException;
import org.openmm7.client.Mm7StatusException;
import org.openmm7.client.Mm7TransportException;
import org.openmm7.client.Profile;
import org.openmm7.client.SoapActionStyle;
import org.openmm7.client.TlsOptions;
import org.openmm7.client.message.Address;
import org.openmm7.schema.Mm7Release;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options every command that talks to a relay shares, and the client they build. */
final class ClientOptions {
  /** Exit status when the relay refused with an MM7 status. */
  static final int EXIT_STATUS = 1;
  /** Exit status when the reply was not MM7 (HTML page, wrong TransactionID, unreadable). */
  static final int EXIT_PROTOCOL = 3;
  /** Exit status when the relay could not be reached or answered an HTTP error. */
  static final int EXIT_TRANSPORT = 4;

  static final String EXIT_HELP = "Exit status: 0 accepted, 1 refused with an MM7 status, 2 bad usage,"
      + " 3 a reply that is not MM7, 4 a transport failure (connect, TLS, timeout, HTTP error).";

  @Option(names = "--url", required = true, paramLabel = "URL", description = "the relay's MM7 URL (http or https)")
  URI url;

  @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "user name for HTTP authentication")
  String user;

  // Not only on the command line, where other users of the machine see it in the process list:
  // from the environment, or asked for when --password is given without a value.
  @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", arity = "0..1", interactive = true,
      defaultValue = "${env:OPENMM7_PASSWORD}",
      description = "password for HTTP authentication; without a value it is asked for (not echoed);"
          + " default: the environment variable OPENMM7_PASSWORD")
  String password;

  @Option(names = "--digest", description = "use HTTP Digest instead of Basic for --user/--password")
  boolean digest;

  @Option(names = "--bearer", paramLabel = "TOKEN", defaultValue = "${env:OPENMM7_BEARER_TOKEN}",
      description = "send Authorization: Bearer TOKEN; default: the environment variable OPENMM7_BEARER_TOKEN")
  String bearer;

  @Option(names = "--profile", paramLabel = "NAME|FILE", converter = Converters.ProfileName.class,
      description = "speak this relay's dialect: a built-in profile (specification, mbuni, sinch, skycore, vibes,"
          + " telnyx, ...) or a profile file; options given here win over it (src/docs/profiles.md)")
  Profile profile;

  @Option(names = "--release", paramLabel = "RELEASE", converter = Converters.Release.class,
      description = "the MM7 namespace to write, REL-5-MM7-1-0 .. REL-6-MM7-1-4 (default: the profile's, else"
          + " REL-6-MM7-1-4)")
  Mm7Release release;

  @Option(names = "--mm7-version", paramLabel = "VERSION", description = "MM7Version (default: the release's)")
  String mm7Version;

  @Option(names = "--vasp-id", paramLabel = "ID", description = "VASPID")
  String vaspId;

  @Option(names = "--vas-id", paramLabel = "ID", description = "VASID")
  String vasId;

  @Option(names = "--transaction-id", paramLabel = "ID", description = "TransactionID (default: generated)")
  String transactionId;

  @Option(names = "--soap-action-namespace",
      description = "send the namespace as SOAPAction instead of \"\" (default: the profile's, else \"\")")
  boolean soapActionNamespace;

  @Option(names = "--chunked", description = "send the body chunked instead of with a Content-Length")
  boolean chunked;

  @Option(names = "--timeout", paramLabel = "TIME", defaultValue = "60s", converter = Converters.Seconds.class,
      description = "give up after this long, at least 1 s (default: ${DEFAULT-VALUE}; " + Converters.SECONDS_HELP + ")")
  Duration timeout;

  @Option(names = "--trust-store", paramLabel = "FILE", description = "PKCS#12/JKS file of the certificates to trust")
  Path trustStore;

  @Option(names = "--key-store", paramLabel = "FILE", description = "PKCS#12/JKS file with the client certificate (mutual TLS)")
  Path keyStore;

  @Option(names = "--store-password", paramLabel = "PASSWORD", defaultValue = "",
      description = "password of --trust-store and --key-store")
  String storePassword;

  @Option(names = "--insecure", description = "do not check that the relay's certificate matches its host name")
  boolean insecure;

  @Option(names = "--wire", description = "log the HTTP exchange (credentials redacted) to stderr")
  boolean wire;

  Mm7Client build(CommandLine.Model.CommandSpec spec) {
    if (wire) {
      System.setProperty("org.slf4j.simpleLogger.log.org.openmm7.wire", "debug");
    }
    Credentials credentials = Credentials.none();
    if (bearer != null) {
      credentials = Credentials.bearer(bearer);
    } else if (user != null) {
      if (password == null) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--user needs a password: --password (alone, to be asked for it) or OPENMM7_PASSWORD");
      }
      credentials = digest ? Credentials.digest(user, password) : Credentials.basic(user, password);
    }
    TlsOptions.Builder tls = TlsOptions.builder().hostnameVerification(!insecure);
    char[] pw = storePassword.toCharArray();
    if (trustStore != null) {
      tls.trustStore(trustStore, pw);
    }
    if (keyStore != null) {
      tls.keyStore(keyStore, pw);
    }
    Duration limit = timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout; // as before units
    Mm7Client.Builder b;
    try {
      b = Mm7Client.builder(url);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    // what is given on the command line wins over the profile, which wins over the defaults
    if (profile != null) {
      b.profile(profile);
    }
    if (release != null) {
      b.release(release);
    }
    if (soapActionNamespace) {
      b.soapAction(SoapActionStyle.NAMESPACE);
    }
    b.mm7Version(mm7Version).vaspId(vaspId).vasId(vasId).credentials(credentials)
        .tls(tls.build()).chunked(chunked).callTimeout(limit).readTimeout(limit);
    return b.build();
  }

  /** Prints what went wrong and returns the exit status. */
  static int report(Mm7Exception e, PrintWriter err) {
    if (e instanceof Mm7StatusException s) {
      err.println("refused: MM7 status " + s.code() + " " + SafeText.escape(s.statusText())
          + (s.details() == null ? "" : " (" + SafeText.escape(s.details()) + ")")
          + (s.httpStatus().isPresent() ? " [HTTP " + s.httpStatus().getAsInt() + "]" : ""));
      err.flush();
      return EXIT_STATUS;
    }
    if (e instanceof Mm7ProtocolException p) {
      err.println("not an MM7 reply: " + SafeText.escape(p.getMessage()));
      if (!p.excerpt().isEmpty()) {
        err.println("--- the reply began with ---");
        err.println(SafeText.escapeLines(p.excerpt()));
      }
      err.flush();
      return EXIT_PROTOCOL;
    }
    if (e instanceof Mm7TransportException t) {
      err.println("failed (" + t.kind().name().toLowerCase(Locale.ROOT) + "): " + SafeText.escape(t.getMessage()));
      if (!t.excerpt().isEmpty()) {
        err.println("--- the reply began with ---");
        err.println(SafeText.escapeLines(t.excerpt()));
      }
      err.flush();
      return EXIT_TRANSPORT;
    }
    err.println("cannot send: " + SafeText.escape(e.getMessage()));
    err.flush();
    return EXIT_PROTOCOL;
  }

  /**
   * An address as typed: a leading '+' or a digit is a number, anything with '@' an RFC 2822
   * address, {@code short:1234} a short code.
   */
  static Address address(String s) {
    String v = s.trim();
    if (v.regionMatches(true, 0, "short:", 0, 6)) {
      return Address.shortCode(v.substring(6).trim());
    }
    if (v.contains("@")) {
      return Address.email(v);
    }
    if (!v.isEmpty() && (v.charAt(0) == '+' || Character.isDigit(v.charAt(0)))) {
      return Address.number(v);
    }
    throw new IllegalArgumentException("not an address: '" + s
        + "' (use +4477..., 4477..., name@example.com or short:1234)");
  }

  /** Picocli converter for {@link #address}. */
  static final class AddressConverter implements CommandLine.ITypeConverter<Address> {
    @Override
    public Address convert(String value) {
      try {
        return address(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
