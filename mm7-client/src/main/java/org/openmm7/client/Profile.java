package org.openmm7.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.client.message.Mm7Operation;
import org.openmm7.schema.Mm7Release;

/**
 * A peer's MM7 dialect: every choice on which real relays and VASPs differ (release and
 * MM7Version, SOAPAction, chunked bodies, recipients per SubmitReq, number format, SMIL, how faults
 * travel, authentication, delivery reports, what the peer refuses or strips). An immutable value.
 *
 * <p>{@link #specification()} is what 3GPP TS 23.140, SOAP 1.1 and HTTP/1.1 say; {@link #builtIn(String)}
 * holds the peers whose dialect is publicly documented (each listed in {@link #builtIns()} with its
 * source, and in src/docs/profiles.md with the source of each setting). A profile is used by
 * {@link Mm7Client.Builder#profile(Profile)} (the client speaks the peer's dialect; options set
 * explicitly on the builder win) and by the relay stub's builder (the stub behaves like the peer).
 *
 * <p>Own profiles come from code ({@link #builder()}, {@link #toBuilder()}) or from a small text
 * file ({@link #parse(String, String)}, {@link #load(Path)}): one {@code key = value} per line,
 * {@code #} comments, the keys of {@link Setting}, and {@code base = NAME} to start from a built-in
 * profile rather than the specification. {@link #toText()} writes that format.
 */
public final class Profile {

  /** Which side of MM7 the peer is. */
  public enum Role { RELAY, VASP }

  /** How the peer wants phone numbers written. */
  public enum NumberFormat {
    /** As the application gives them (TS 23.140 prefers the international form but does not fix the prefix). */
    AS_GIVEN("as-given"),
    /** International with a leading {@code +}. */
    WITH_PLUS("plus"),
    /** International without the {@code +} (as Sinch documents it). */
    WITHOUT_PLUS("no-plus");

    private final String text;

    NumberFormat(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }

    /**
     * The number in this format. Only the {@code +} is added or removed: a number without it is
     * taken to be international already (this library cannot know a national numbering plan).
     */
    public String apply(String number) {
      String n = number.strip();
      switch (this) {
        case WITH_PLUS:
          return n.startsWith("+") ? n : "+" + n;
        case WITHOUT_PLUS:
          return n.startsWith("+") ? n.substring(1) : n;
        default:
          return number;
      }
    }

    /** Whether a number is already written in this format. */
    public boolean matches(String number) {
      String n = number.strip();
      return this == AS_GIVEN || (this == WITH_PLUS) == n.startsWith("+");
    }
  }

  /** Which faultcode the peer puts in its SOAP faults. */
  public enum FaultCode {
    /** {@code Client} for the sender's errors (2xxx, 4xxx), {@code Server} for its own (3xxx), as SOAP 1.1 4.4.1 says. */
    AS_SPECIFIED("as-specified"),
    /** {@code Server} whatever the error (Mbuni). */
    ALWAYS_SERVER("always-server");

    private final String text;

    FaultCode(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** An HTTP authentication scheme the peer takes. */
  public enum AuthScheme { BASIC, DIGEST, BEARER }

  /** How the peer answers missing or wrong credentials. */
  public enum AuthFailure {
    /** HTTP 401 with a {@code WWW-Authenticate} challenge (RFC 9110 11.6.1). */
    HTTP_401("http-401"),
    /** An MM7 fault with status 4001 (Improper identification). */
    STATUS_4001("status-4001");

    private final String text;

    AuthFailure(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** The TransactionIDs of the peer's DeliveryReportReqs. */
  public enum ReportTransactionIds {
    /** A new one per request, as TS 23.140 asks of every request. */
    UNIQUE("unique"),
    /** The MessageID the report is about, for every report of the message (Mbuni). */
    MESSAGE_ID("message-id");

    private final String text;

    ReportTransactionIds(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** The namespace the peer answers in. */
  public enum AnswerNamespace {
    /** The request's (the response belongs to the request's release). */
    REQUEST("request"),
    /** Its own configured release, whatever the request used (Mbuni). */
    OWN("own");

    private final String text;

    AnswerNamespace(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** How the peer refuses a message over its size limit. */
  public enum Oversize {
    /** An MM7 fault 2004 (Multimedia content refused). */
    STATUS_2004("2004"),
    /** A bare HTTP 413 (Content Too Large) (Vibes). */
    HTTP_413("http-413");

    private final String text;

    Oversize(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  private static final Set<String> OPERATIONS_A_RELAY_TAKES = Set.of("CancelReq", "ReplaceReq", "extendedCancelReq",
      "extendedReplaceReq", "SubmitReq");

  /** SubmitReq elements a profile may strip: the optional ones whose absence changes no addressing. */
  public static final Set<String> STRIPPABLE = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
      "ServiceCode", "LinkedID", "MessageClass", "TimeStamp", "ReplyCharging", "EarliestDeliveryTime", "ExpiryDate",
      "DeliveryReport", "ReadReply", "Priority", "Subject", "ChargedParty", "ChargedPartyID", "DistributionIndicator",
      "DeliveryCondition", "ApplicID", "ReplyApplicID", "AuxApplicInfo", "ContentClass", "DRMContent")));

  private final String name;
  private final String description;
  private final List<String> sources;
  private final Role role;
  private final Mm7Release release;
  private final String mm7Version;
  private final SoapActionStyle soapAction;
  private final boolean chunked;
  private final boolean expectContinue;
  private final int maxRecipients;
  private final NumberFormat numberFormat;
  private final boolean smilRequired;
  private final int faultHttpStatus;
  private final FaultCode faultCode;
  private final Set<AuthScheme> authSchemes;
  private final AuthFailure authFailure;
  private final String authRealm;
  private final List<MessageStatus> deliveryReports;
  private final ReportTransactionIds reportTransactionIds;
  private final AnswerNamespace answerNamespace;
  private final Set<Mm7Release> acceptedReleases;
  private final int versionRefusalStatus;
  private final Set<String> unsupportedOperations;
  private final Set<String> strippedElements;
  private final long maxMessageSize;
  private final Oversize oversize;
  private final boolean emptyRepliesAccepted;
  private final String carrierHeader;
  private final int pushAttempts;
  private final Duration pushInterval;

  private Profile(Builder b) {
    this.name = b.name;
    this.description = b.description;
    this.sources = List.copyOf(b.sources);
    this.role = b.role;
    this.release = b.release;
    this.mm7Version = b.mm7Version != null ? b.mm7Version : b.release.defaultVersion();
    this.soapAction = b.soapAction;
    this.chunked = b.chunked;
    this.expectContinue = b.expectContinue;
    this.maxRecipients = b.maxRecipients;
    this.numberFormat = b.numberFormat;
    this.smilRequired = b.smilRequired;
    this.faultHttpStatus = b.faultHttpStatus;
    this.faultCode = b.faultCode;
    this.authSchemes = b.authSchemes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(b.authSchemes));
    this.authFailure = b.authFailure;
    this.authRealm = b.authRealm;
    this.deliveryReports = List.copyOf(b.deliveryReports);
    this.reportTransactionIds = b.reportTransactionIds;
    this.answerNamespace = b.answerNamespace;
    this.acceptedReleases = b.acceptedReleases.isEmpty() ? Set.of()
        : Collections.unmodifiableSet(EnumSet.copyOf(b.acceptedReleases));
    this.versionRefusalStatus = b.versionRefusalStatus;
    this.unsupportedOperations = Collections.unmodifiableSet(new LinkedHashSet<>(b.unsupportedOperations));
    this.strippedElements = Collections.unmodifiableSet(new LinkedHashSet<>(b.strippedElements));
    this.maxMessageSize = b.maxMessageSize;
    this.oversize = b.oversize;
    this.emptyRepliesAccepted = b.emptyRepliesAccepted;
    this.carrierHeader = b.carrierHeader;
    this.pushAttempts = b.pushAttempts;
    this.pushInterval = b.pushInterval;
  }

  // ---- where profiles come from ----

  /** What the specifications say; every setting's default. */
  public static Profile specification() {
    return BuiltInProfiles.SPECIFICATION;
  }

  /** A builder starting from {@link #specification()}, named {@code custom}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this profile's settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The built-in profiles: the specification's first, then the documented peers, by name. */
  public static List<Profile> builtIns() {
    return BuiltInProfiles.ALL;
  }

  /** The built-in profile of this name (case-insensitive), if there is one. */
  public static Optional<Profile> builtIn(String name) {
    for (Profile p : BuiltInProfiles.ALL) {
      if (p.name.equalsIgnoreCase(name.strip())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * The built-in profile of this name, or else the profile in the file at this path (what the
   * command line's {@code --profile NAME|FILE} takes).
   *
   * @throws IllegalArgumentException naming the built-in profiles when {@code nameOrFile} is
   *     neither, or the line of the file that is wrong
   */
  public static Profile resolve(String nameOrFile) throws IOException {
    Objects.requireNonNull(nameOrFile, "nameOrFile");
    Optional<Profile> builtIn = builtIn(nameOrFile);
    if (builtIn.isPresent()) {
      return builtIn.get();
    }
    Path file = Path.of(nameOrFile);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no built-in profile and no file '" + nameOrFile + "'; built-in profiles: "
          + String.join(", ", names()));
    }
    return load(file);
  }

  /** The built-in profiles' names. */
  public static List<String> names() {
    List<String> out = new ArrayList<>();
    BuiltInProfiles.ALL.forEach(p -> out.add(p.name));
    return out;
  }

  /** Reads a profile file (UTF-8); its name is the file's name without extension unless it sets one. */
  public static Profile load(Path file) throws IOException {
    String fileName = file.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Profile p = ProfileText.parse(text, file.toString());
    if (!text.lines().anyMatch(l -> l.strip().startsWith("name"))) {
      p = p.toBuilder().name(dot > 0 ? fileName.substring(0, dot) : fileName).build();
    }
    return p;
  }

  /**
   * Reads a profile from the text of a profile file.
   *
   * @param origin where the text comes from, for error messages
   * @throws IllegalArgumentException naming the line, the key and what is wrong with it
   */
  public static Profile parse(String text, String origin) {
    return ProfileText.parse(text, origin);
  }

  /** This profile in the file format: name, description, sources, then every setting. */
  public String toText() {
    return ProfileText.write(this);
  }

  // ---- the settings ----

  /** A short lower-case name, e.g. {@code sinch}. */
  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  /** The public documents and code each setting comes from. */
  public List<String> sources() {
    return sources;
  }

  /** Whether the peer is a relay (MMSC, aggregator) or a VASP (application, VAS gateway). */
  public Role role() {
    return role;
  }

  /** The release (namespace) the peer speaks. */
  public Mm7Release release() {
    return release;
  }

  /** The MM7Version the peer writes and expects (peers pair it with namespaces freely). */
  public String mm7Version() {
    return mm7Version;
  }

  public SoapActionStyle soapAction() {
    return soapAction;
  }

  /** Whether the peer takes {@code Transfer-Encoding: chunked} bodies (HTTP/1.1 requires it; some refuse). */
  public boolean chunked() {
    return chunked;
  }

  /** Whether requests carry {@code Expect: 100-continue}. */
  public boolean expectContinue() {
    return expectContinue;
  }

  /** The most recipients (To, Cc and Bcc) the peer takes in one SubmitReq; 0 for any number. */
  public int maxRecipients() {
    return maxRecipients;
  }

  public NumberFormat numberFormat() {
    return numberFormat;
  }

  /** Whether every SubmitReq must carry a SMIL presentation. */
  public boolean smilRequired() {
    return smilRequired;
  }

  /** The HTTP status of the peer's SOAP faults (500 as SOAP 1.1 6.2 says, or 200). */
  public int faultHttpStatus() {
    return faultHttpStatus;
  }

  public FaultCode faultCode() {
    return faultCode;
  }

  /** The HTTP authentication schemes the peer takes; empty for none (an IP allow-list, or nothing). */
  public Set<AuthScheme> authSchemes() {
    return authSchemes;
  }

  public AuthFailure authFailure() {
    return authFailure;
  }

  /** The realm of the peer's 401 challenges. */
  public String authRealm() {
    return authRealm;
  }

  /** The DeliveryReportReqs the peer sends per recipient of a message that asked for them, in order. */
  public List<MessageStatus> deliveryReports() {
    return deliveryReports;
  }

  public ReportTransactionIds reportTransactionIds() {
    return reportTransactionIds;
  }

  public AnswerNamespace answerNamespace() {
    return answerNamespace;
  }

  /** The releases the peer takes; empty for every release. */
  public Set<Mm7Release> acceptedReleases() {
    return acceptedReleases;
  }

  /** Whether the peer takes requests in this release. */
  public boolean accepts(Mm7Release r) {
    return acceptedReleases.isEmpty() || acceptedReleases.contains(r);
  }

  /** The status the peer refuses other releases with (4002, or a custom code such as Skycore's 2505). */
  public int versionRefusalStatus() {
    return versionRefusalStatus;
  }

  /** Request elements (CancelReq, ReplaceReq, ...) the peer answers with 4003. */
  public Set<String> unsupportedOperations() {
    return unsupportedOperations;
  }

  /** Whether the peer takes this operation. */
  public boolean supports(Mm7Operation op) {
    return !unsupportedOperations.contains(op.elementName());
  }

  /** Optional SubmitReq elements (of {@link #STRIPPABLE}) the peer does not take and drops. */
  public Set<String> strippedElements() {
    return strippedElements;
  }

  /** The largest message the peer takes, in bytes; 0 for no documented limit. */
  public long maxMessageSize() {
    return maxMessageSize;
  }

  public Oversize oversize() {
    return oversize;
  }

  /** Whether the peer takes an empty HTTP 200 in place of DeliverRsp, DeliveryReportRsp or ReadReplyRsp. */
  public boolean emptyRepliesAccepted() {
    return emptyRepliesAccepted;
  }

  /** The proprietary HTTP header carrying the mobile carrier, or null. */
  public String carrierHeader() {
    return carrierHeader;
  }

  /** How often the peer tries a push (DeliverReq, DeliveryReportReq) in all; 0 when not documented. */
  public int pushAttempts() {
    return pushAttempts;
  }

  /** The wait between push attempts; zero when not documented. */
  public Duration pushInterval() {
    return pushInterval;
  }

  // ---- the settings as text (file, docs) ----

  /**
   * The settings of a profile file: key, how it is written and read. {@link #name()} is the file key.
   */
  public enum Setting {
    ROLE("role"),
    RELEASE("release"),
    MM7_VERSION("mm7Version"),
    SOAP_ACTION("soapAction"),
    CHUNKED("chunked"),
    EXPECT_CONTINUE("expectContinue"),
    MAX_RECIPIENTS("maxRecipients"),
    NUMBER_FORMAT("numberFormat"),
    SMIL_REQUIRED("smilRequired"),
    FAULT_HTTP_STATUS("faultHttpStatus"),
    FAULT_CODE("faultCode"),
    AUTH_SCHEMES("authSchemes"),
    AUTH_FAILURE("authFailure"),
    AUTH_REALM("authRealm"),
    DELIVERY_REPORTS("deliveryReports"),
    REPORT_TRANSACTION_IDS("reportTransactionIds"),
    ANSWER_NAMESPACE("answerNamespace"),
    ACCEPTED_RELEASES("acceptedReleases"),
    VERSION_REFUSAL_STATUS("versionRefusalStatus"),
    UNSUPPORTED_OPERATIONS("unsupportedOperations"),
    STRIPPED_ELEMENTS("strippedElements"),
    MAX_MESSAGE_SIZE("maxMessageSize"),
    OVERSIZE("oversize"),
    EMPTY_REPLIES_ACCEPTED("emptyRepliesAccepted"),
    CARRIER_HEADER("carrierHeader"),
    PUSH_ATTEMPTS("pushAttempts"),
    PUSH_INTERVAL("pushInterval");

    private final String key;

    Setting(String key) {
      this.key = key;
    }

    /** The key in a profile file. */
    public String key() {
      return key;
    }

    /** The setting with this file key, if any. */
    public static Optional<Setting> ofKey(String key) {
      for (Setting s : values()) {
        if (s.key.equals(key)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  /** A setting's value as a profile file writes it. */
  public String valueOf(Setting setting) {
    return ProfileText.format(this, setting);
  }

  /** The settings in which this profile differs from the specification's, in file order. */
  public List<Setting> departures() {
    List<Setting> out = new ArrayList<>();
    for (Setting s : Setting.values()) {
      if (!valueOf(s).equals(specification().valueOf(s))) {
        out.add(s);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Profile p) || !p.name.equals(name) || !p.description.equals(description)
        || !p.sources.equals(sources)) {
      return false;
    }
    for (Setting s : Setting.values()) {
      if (!valueOf(s).equals(p.valueOf(s))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = name.hashCode();
    for (Setting s : Setting.values()) {
      h = 31 * h + valueOf(s).hashCode();
    }
    return h;
  }

  /** The name and the settings that depart from the specification, e.g. {@code sinch[maxRecipients=1, ...]}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append('[');
    String sep = "";
    for (Setting s : departures()) {
      sb.append(sep).append(s.key()).append('=').append(valueOf(s));
      sep = ", ";
    }
    return sb.append(']').toString();
  }

  /** Builds a {@link Profile}; starts from the specification's settings. */
  public static final class Builder {
    private String name = "custom";
    private String description = "";
    private final List<String> sources = new ArrayList<>();
    private Role role = Role.RELAY;
    private Mm7Release release = Mm7Release.latest();
    private String mm7Version;
    private SoapActionStyle soapAction = SoapActionStyle.EMPTY;
    private boolean chunked = true;
    private boolean expectContinue;
    private int maxRecipients;
    private NumberFormat numberFormat = NumberFormat.AS_GIVEN;
    private boolean smilRequired;
    private int faultHttpStatus = 500;
    private FaultCode faultCode = FaultCode.AS_SPECIFIED;
    private final Set<AuthScheme> authSchemes = EnumSet.allOf(AuthScheme.class);
    private AuthFailure authFailure = AuthFailure.HTTP_401;
    private String authRealm = "MM7";
    private final List<MessageStatus> deliveryReports = new ArrayList<>(List.of(MessageStatus.RETRIEVED));
    private ReportTransactionIds reportTransactionIds = ReportTransactionIds.UNIQUE;
    private AnswerNamespace answerNamespace = AnswerNamespace.REQUEST;
    private final Set<Mm7Release> acceptedReleases = EnumSet.noneOf(Mm7Release.class);
    private int versionRefusalStatus = 4002;
    private final Set<String> unsupportedOperations = new LinkedHashSet<>();
    private final Set<String> strippedElements = new LinkedHashSet<>();
    private long maxMessageSize;
    private Oversize oversize = Oversize.STATUS_2004;
    private boolean emptyRepliesAccepted;
    private String carrierHeader;
    private int pushAttempts;
    private Duration pushInterval = Duration.ZERO;

    private Builder() {}

    private Builder(Profile p) {
      name = p.name;
      description = p.description;
      sources.addAll(p.sources);
      role = p.role;
      release = p.release;
      mm7Version = p.mm7Version;
      soapAction = p.soapAction;
      chunked = p.chunked;
      expectContinue = p.expectContinue;
      maxRecipients = p.maxRecipients;
      numberFormat = p.numberFormat;
      smilRequired = p.smilRequired;
      faultHttpStatus = p.faultHttpStatus;
      faultCode = p.faultCode;
      authSchemes(p.authSchemes);
      authFailure = p.authFailure;
      authRealm = p.authRealm;
      deliveryReports(p.deliveryReports);
      reportTransactionIds = p.reportTransactionIds;
      answerNamespace = p.answerNamespace;
      acceptedReleases(p.acceptedReleases);
      versionRefusalStatus = p.versionRefusalStatus;
      unsupportedOperations(p.unsupportedOperations);
      strippedElements(p.strippedElements);
      maxMessageSize = p.maxMessageSize;
      oversize = p.oversize;
      emptyRepliesAccepted = p.emptyRepliesAccepted;
      carrierHeader = p.carrierHeader;
      pushAttempts = p.pushAttempts;
      pushInterval = p.pushInterval;
    }

    /** A short name: lower-case letters, digits and {@code -}. */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (!name.matches("[a-z0-9][a-z0-9.-]{0,63}")) {
        throw new IllegalArgumentException("a profile name is lower-case letters, digits, '.' and '-': '" + name + "'");
      }
      this.name = name;
      return this;
    }

    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description").strip();
      return this;
    }

    /** Adds a public source (an address) of the profile's settings. */
    public Builder source(String source) {
      sources.add(Objects.requireNonNull(source, "source").strip());
      return this;
    }

    /** The public sources, replacing those held. */
    public Builder sources(Collection<String> sources) {
      this.sources.clear();
      sources.forEach(this::source);
      return this;
    }

    public Builder role(Role role) {
      this.role = Objects.requireNonNull(role, "role");
      return this;
    }

    /** The release; the MM7Version follows it unless set after it. */
    public Builder release(Mm7Release release) {
      this.release = Objects.requireNonNull(release, "release");
      this.mm7Version = null;
      return this;
    }

    public Builder mm7Version(String mm7Version) {
      Objects.requireNonNull(mm7Version, "mm7Version");
      if (!mm7Version.matches("\\d+\\.\\d+\\.\\d+")) {
        throw new IllegalArgumentException("an MM7Version is three numbers with dots (e.g. 6.8.0): '" + mm7Version + "'");
      }
      this.mm7Version = mm7Version;
      return this;
    }

    public Builder soapAction(SoapActionStyle soapAction) {
      this.soapAction = Objects.requireNonNull(soapAction, "soapAction");
      return this;
    }

    public Builder chunked(boolean chunked) {
      this.chunked = chunked;
      return this;
    }

    public Builder expectContinue(boolean expectContinue) {
      this.expectContinue = expectContinue;
      return this;
    }

    /** At most this many recipients per SubmitReq; 0 for any number. */
    public Builder maxRecipients(int maxRecipients) {
      if (maxRecipients < 0) {
        throw new IllegalArgumentException("maxRecipients must not be negative (0 for any number)");
      }
      this.maxRecipients = maxRecipients;
      return this;
    }

    public Builder numberFormat(NumberFormat numberFormat) {
      this.numberFormat = Objects.requireNonNull(numberFormat, "numberFormat");
      return this;
    }

    public Builder smilRequired(boolean smilRequired) {
      this.smilRequired = smilRequired;
      return this;
    }

    /** 500 or 200. */
    public Builder faultHttpStatus(int status) {
      if (status != 500 && status != 200) {
        throw new IllegalArgumentException("faults travel with HTTP 500 or 200, not " + status);
      }
      this.faultHttpStatus = status;
      return this;
    }

    public Builder faultCode(FaultCode faultCode) {
      this.faultCode = Objects.requireNonNull(faultCode, "faultCode");
      return this;
    }

    /** The schemes the peer takes (none for an IP allow-list). */
    public Builder authSchemes(Collection<AuthScheme> schemes) {
      authSchemes.clear();
      authSchemes.addAll(schemes);
      return this;
    }

    public Builder authSchemes(AuthScheme... schemes) {
      return authSchemes(List.of(schemes));
    }

    public Builder authFailure(AuthFailure authFailure) {
      this.authFailure = Objects.requireNonNull(authFailure, "authFailure");
      return this;
    }

    public Builder authRealm(String realm) {
      Objects.requireNonNull(realm, "realm");
      if (realm.isBlank() || realm.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20 || c > 0x7e)) {
        throw new IllegalArgumentException("a realm is visible ASCII without quotes or backslashes: '" + realm + "'");
      }
      this.authRealm = realm;
      return this;
    }

    /** The reports sent per recipient, in order (none for no reports). */
    public Builder deliveryReports(List<MessageStatus> statuses) {
      deliveryReports.clear();
      statuses.forEach(s -> deliveryReports.add(Objects.requireNonNull(s, "status")));
      return this;
    }

    public Builder deliveryReports(MessageStatus... statuses) {
      return deliveryReports(List.of(statuses));
    }

    public Builder reportTransactionIds(ReportTransactionIds ids) {
      this.reportTransactionIds = Objects.requireNonNull(ids, "ids");
      return this;
    }

    public Builder answerNamespace(AnswerNamespace answerNamespace) {
      this.answerNamespace = Objects.requireNonNull(answerNamespace, "answerNamespace");
      return this;
    }

    /** The releases the peer takes (none listed: every release). */
    public Builder acceptedReleases(Collection<Mm7Release> releases) {
      acceptedReleases.clear();
      acceptedReleases.addAll(releases);
      return this;
    }

    public Builder acceptedReleases(Mm7Release... releases) {
      return acceptedReleases(List.of(releases));
    }

    /** An MM7 status code, 2000-9999 (custom codes included). */
    public Builder versionRefusalStatus(int status) {
      if (status < 2000 || status > 9999) {
        throw new IllegalArgumentException("a refusal status is an error code from 2000 to 9999, not " + status);
      }
      this.versionRefusalStatus = status;
      return this;
    }

    /** Relay operations the peer does not take (CancelReq, ReplaceReq, extendedCancelReq, extendedReplaceReq). */
    public Builder unsupportedOperations(Collection<String> elementNames) {
      unsupportedOperations.clear();
      for (String e : elementNames) {
        if (!OPERATIONS_A_RELAY_TAKES.contains(e)) {
          throw new IllegalArgumentException("'" + e + "' is not an operation a relay takes ("
              + String.join(", ", new java.util.TreeSet<>(OPERATIONS_A_RELAY_TAKES)) + ")");
        }
        unsupportedOperations.add(e);
      }
      return this;
    }

    public Builder unsupportedOperations(String... elementNames) {
      return unsupportedOperations(List.of(elementNames));
    }

    /** Optional SubmitReq elements (of {@link #STRIPPABLE}) the peer drops. */
    public Builder strippedElements(Collection<String> elementNames) {
      strippedElements.clear();
      for (String e : elementNames) {
        if (!STRIPPABLE.contains(e)) {
          throw new IllegalArgumentException("'" + e + "' is not an optional SubmitReq element that can be stripped ("
              + String.join(", ", STRIPPABLE) + ")");
        }
        strippedElements.add(e);
      }
      return this;
    }

    public Builder strippedElements(String... elementNames) {
      return strippedElements(List.of(elementNames));
    }

    /** Bytes; 0 for no limit. */
    public Builder maxMessageSize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxMessageSize must not be negative (0 for no limit)");
      }
      this.maxMessageSize = bytes;
      return this;
    }

    public Builder oversize(Oversize oversize) {
      this.oversize = Objects.requireNonNull(oversize, "oversize");
      return this;
    }

    public Builder emptyRepliesAccepted(boolean accepted) {
      this.emptyRepliesAccepted = accepted;
      return this;
    }

    /** A header name, or null for none. */
    public Builder carrierHeader(String header) {
      if (header != null && !header.matches("[A-Za-z0-9-]+")) {
        throw new IllegalArgumentException("not an HTTP header name: '" + header + "'");
      }
      this.carrierHeader = header;
      return this;
    }

    /** Attempts in all (first included); 0 when not documented. */
    public Builder pushAttempts(int attempts) {
      if (attempts < 0) {
        throw new IllegalArgumentException("pushAttempts must not be negative");
      }
      this.pushAttempts = attempts;
      return this;
    }

    public Builder pushInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative()) {
        throw new IllegalArgumentException("pushInterval must not be negative");
      }
      this.pushInterval = interval;
      return this;
    }

    public Profile build() {
      return new Profile(this);
    }
  }
}
