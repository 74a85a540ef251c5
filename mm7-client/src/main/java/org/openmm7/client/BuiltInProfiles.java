package org.openmm7.client;

import java.time.Duration;
import java.util.List;
import org.openmm7.client.Profile.AnswerNamespace;
import org.openmm7.client.Profile.AuthFailure;
import org.openmm7.client.Profile.AuthScheme;
import org.openmm7.client.Profile.FaultCode;
import org.openmm7.client.Profile.NumberFormat;
import org.openmm7.client.Profile.Oversize;
import org.openmm7.client.Profile.ReportTransactionIds;
import org.openmm7.client.Profile.Role;
import org.openmm7.client.message.MessageStatus;
import org.openmm7.schema.Mm7Release;

/**
 * The built-in profiles. Each setting that departs from the specification comes from the public
 * source named with the profile; src/docs/profiles.md gives the source of each setting and says
 * why the facts no setting covers are left out.
 */
final class BuiltInProfiles {
  private BuiltInProfiles() {}

  /**
   * 3GPP TS 23.140 (the MM7 SOAP binding), SOAP 1.1 (faults with HTTP 500, section 6.2) and
   * HTTP/1.1 (RFC 9112: a server takes chunked bodies; RFC 9110: 401 with a challenge).
   */
  static final Profile SPECIFICATION = Profile.builder().name("specification")
      .description("What 3GPP TS 23.140, SOAP 1.1 and HTTP/1.1 say; the default of every setting")
      .source("https://www.3gpp.org/ftp/Specs/archive/23_series/23.140/")
      .source("https://www.w3.org/TR/2000/NOTE-SOAP-20000508/")
      .source("https://www.rfc-editor.org/rfc/rfc9112")
      .build();

  /**
   * Mbuni's MMSC (open-source relay, C): github.com/gled-rs/mbuni (mmlib/mms_mm7soap.c,
   * mmsc/mmsproxy.c, ChangeLog). Default REL-5-MM7-1-0 / 5.3.0, {@code SOAPAction: ""}, many
   * recipients, Basic with realm "Mbuni" and 401, faults over HTTP 200 with faultcode Server,
   * answers in its configured namespace, one DeliveryReportReq per recipient with TransactionID =
   * MessageID, no Rel-6 extended operations (4003), three push attempts in the default set-up.
   */
  static final Profile MBUNI = Profile.builder().name("mbuni")
      .description("Mbuni MMSC (open-source relay)")
      .source("https://github.com/gled-rs/mbuni")
      .release(Mm7Release.REL_5_MM7_1_0).mm7Version("5.3.0")
      .authSchemes(AuthScheme.BASIC).authRealm("Mbuni")
      .faultHttpStatus(200).faultCode(FaultCode.ALWAYS_SERVER)
      .answerNamespace(AnswerNamespace.OWN)
      .deliveryReports(MessageStatus.RETRIEVED).reportTransactionIds(ReportTransactionIds.MESSAGE_ID)
      .unsupportedOperations("extendedCancelReq", "extendedReplaceReq")
      .pushAttempts(3)
      .build();

  /**
   * Mbuni's mmsbox (VAS gateway; a VASP toward the MMSC): github.com/gled-rs/mbuni. One SubmitReq
   * per recipient unless {@code max-recipients} is configured, {@code SOAPAction: ""}, Basic from
   * the URL; it does not check Basic on its own receive port.
   */
  static final Profile MMSBOX = Profile.builder().name("mbuni-mmsbox")
      .description("Mbuni mmsbox (VAS gateway, the VASP side)")
      .source("https://github.com/gled-rs/mbuni")
      .role(Role.VASP)
      .release(Mm7Release.REL_5_MM7_1_0).mm7Version("5.3.0")
      .maxRecipients(1)
      .authSchemes()
      .faultHttpStatus(200).faultCode(FaultCode.ALWAYS_SERVER)
      .build();

  /**
   * Sinch (formerly mBlox) MM7: developers.sinch.com/docs/mms/7-service (mirror:
   * github.com/vvscode/docs). Examples in REL-6-MM7-1-4 / 6.8.0, SOAPAction the namespace URI, one
   * recipient per SubmitReq, VASPID = API key with Basic, SMIL required in every SubmitReq, numbers
   * international without {@code +}, {@code Expect: 100-continue}, carrier in
   * {@code X-Mblox-Carrier-Id}; no chunked bodies (Momentum's aggregator table,
   * github.com/SparkPost/support-docs).
   */
  static final Profile SINCH = Profile.builder().name("sinch")
      .description("Sinch (formerly mBlox) MM7")
      .source("https://developers.sinch.com/docs/mms/7-service")
      .source("https://github.com/vvscode/docs")
      .source("https://github.com/SparkPost/support-docs")
      .release(Mm7Release.REL_6_MM7_1_4).mm7Version("6.8.0")
      .soapAction(SoapActionStyle.NAMESPACE)
      .chunked(false).expectContinue(true)
      .maxRecipients(1)
      .numberFormat(NumberFormat.WITHOUT_PLUS)
      .smilRequired(true)
      .authSchemes(AuthScheme.BASIC)
      .carrierHeader("X-Mblox-Carrier-Id")
      .build();

  /**
   * Skycore: github.com/cosmosking2050/API (MM7/), skycore.com/help. The 6.8.0 interface takes
   * only REL-6-MM7-1-4 and refuses others with its code 2505 (missing or unsupported MM7 version);
   * SOAPAction the namespace URI; one recipient; Basic (optional beside an IP allow-list); several
   * reports per message (Forwarded, then the final state); a report or DeliverReq is tried five
   * times, five minutes apart, until HTTP 200 with the matching TransactionID and 1000.
   */
  static final Profile SKYCORE = Profile.builder().name("skycore")
      .description("Skycore MM7 (6.8.0 interface)")
      .source("https://github.com/cosmosking2050/API")
      .source("https://skycore.com/help")
      .release(Mm7Release.REL_6_MM7_1_4).mm7Version("6.8.0")
      .soapAction(SoapActionStyle.NAMESPACE)
      .maxRecipients(1)
      .authSchemes(AuthScheme.BASIC)
      .acceptedReleases(Mm7Release.REL_6_MM7_1_4).versionRefusalStatus(2505)
      .deliveryReports(MessageStatus.FORWARDED, MessageStatus.RETRIEVED)
      .carrierHeader("X-Skycore-Carrier-Id")
      .pushAttempts(5).pushInterval(Duration.ofMinutes(5))
      .build();

  /**
   * Vibes: developer-aggregation.vibes.com/reference. Its "MM7 5.5.0" mode sends MM7Version 5.3.0;
   * Basic mandatory; takes an empty HTTP 200 in place of DeliverRsp and DeliveryReportRsp; 1 MB
   * limit answered with 413; carrier in {@code X-Vibes-CarrierCode}.
   */
  static final Profile VIBES = Profile.builder().name("vibes")
      .description("Vibes MM7 aggregation")
      .source("https://developer-aggregation.vibes.com/reference")
      .release(Mm7Release.REL_5_MM7_1_2).mm7Version("5.3.0")
      .authSchemes(AuthScheme.BASIC)
      .emptyRepliesAccepted(true)
      .maxMessageSize(1024 * 1024).oversize(Oversize.HTTP_413)
      .carrierHeader("X-Vibes-CarrierCode")
      .build();

  /** Telnyx MM7 gateway: developers.telnyx.com/docs/messaging/messages/mm7-gateway. 6.8.0, Bearer token. */
  static final Profile TELNYX = Profile.builder().name("telnyx")
      .description("Telnyx MM7 gateway")
      .source("https://developers.telnyx.com/docs/messaging/messages/mm7-gateway")
      .release(Mm7Release.REL_6_MM7_1_4).mm7Version("6.8.0")
      .authSchemes(AuthScheme.BEARER)
      .build();

  /**
   * Nokia MMS Center MC5.0, from a capture in github.com/vnesek/instantcom-mm7 (test resources):
   * REL-6-MM7-1-4 / 6.8.0, numbers with {@code +}. Its wire spellings (prefixes, capitalised MIME
   * parameters, {@code BASE64}) are read by the codec and not reproduced.
   */
  static final Profile NOKIA = Profile.builder().name("nokia-mc5")
      .description("Nokia MMS Center MC5.0 (from a capture)")
      .source("https://github.com/vnesek/instantcom-mm7")
      .release(Mm7Release.REL_6_MM7_1_4).mm7Version("6.8.0")
      .numberFormat(NumberFormat.WITH_PLUS)
      .build();

  /**
   * China Mobile's MMSC, from a capture in github.com/vnesek/instantcom-mm7 (PR 1 resources) and
   * the blog.csdn.net series on the CMCC MM7 API: REL-6-MM7-1-0 / 6.3.0, {@code SOAPAction: ""},
   * Basic, a 128 KB limit.
   */
  static final Profile CHINA_MOBILE = Profile.builder().name("china-mobile")
      .description("China Mobile MMSC (from a capture and its VASP SDK)")
      .source("https://github.com/vnesek/instantcom-mm7")
      .source("https://blog.csdn.net (series on the CMCC MM7 API)")
      .release(Mm7Release.REL_6_MM7_1_0).mm7Version("6.3.0")
      .authSchemes(AuthScheme.BASIC)
      .maxMessageSize(128 * 1024)
      .build();

  /** VectorCore MMSC (lab relay, Go): github.com/svinson1121/vectorcore-mmsc. Basic checked against the VASPID. */
  static final Profile VECTORCORE = Profile.builder().name("vectorcore")
      .description("VectorCore MMSC (lab relay)")
      .source("https://github.com/svinson1121/vectorcore-mmsc")
      .authSchemes(AuthScheme.BASIC)
      .build();

  /**
   * Oracle Communications Services Gatekeeper, native MM7: docs.oracle.com (Services Gatekeeper,
   * native MM7). REL-5-MM7-1-2 / 5.3.0, Basic, no CancelReq or ReplaceReq.
   */
  static final Profile ORACLE_OCSG = Profile.builder().name("oracle-ocsg")
      .description("Oracle Services Gatekeeper, native MM7")
      .source("https://docs.oracle.com (Services Gatekeeper, native MM7 facade)")
      .release(Mm7Release.REL_5_MM7_1_2).mm7Version("5.3.0")
      .authSchemes(AuthScheme.BASIC)
      .unsupportedOperations("CancelReq", "ReplaceReq", "extendedCancelReq", "extendedReplaceReq")
      .build();

  /** Metaswitch Rhino MM7 resource adaptor: docs.rhino.metaswitch.com. 256 KiB default content limit. */
  static final Profile RHINO = Profile.builder().name("rhino")
      .description("Metaswitch Rhino MM7 resource adaptor")
      .source("https://docs.rhino.metaswitch.com (MM7 resource adaptor)")
      .maxMessageSize(256 * 1024)
      .build();

  /**
   * Momentum Mobility (a VASP gateway): github.com/SparkPost/support-docs (momentum mobile mm7).
   * Default REL-6-MM7-1-4 / 6.8.0; its knobs (envelope prefix, namespace in the body, simple MIME,
   * number prefix, no chunking per aggregator) are what this class's settings are.
   */
  static final Profile MOMENTUM = Profile.builder().name("momentum")
      .description("Momentum Mobility (VASP gateway), default set-up")
      .source("https://github.com/SparkPost/support-docs")
      .role(Role.VASP)
      .release(Mm7Release.REL_6_MM7_1_4).mm7Version("6.8.0")
      .build();

  static final List<Profile> ALL = List.of(SPECIFICATION, MBUNI, MMSBOX, SINCH, SKYCORE, VIBES, TELNYX, NOKIA,
      CHINA_MOBILE, VECTORCORE, ORACLE_OCSG, RHINO, MOMENTUM);
}
