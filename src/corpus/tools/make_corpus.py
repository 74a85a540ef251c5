#!/usr/bin/env python3
"""Writes the hand-written corpus cases: src/corpus/deviations/ and src/corpus/rejected/.

Every case below is spelled out as the literal HTTP message it becomes: the HTTP head, then
the body. Only these tokens are filled in when the files are written:

  {CONTENT_LENGTH}  the byte length of the body (in content-length-mismatch: that plus 2)
  {SMIL} {TEXT} {MO_TEXT}
                    the shared SMIL presentation and text/plain bodies defined below
  {PNG_B64} {PNG2_B64}
                    the two small PNG images below, base64 in 76-character lines
  {PNG_RAW} {PNG2_RAW} and case-specific raw tokens
                    raw bytes inserted as they are (binary parts, legacy charsets)

Line ends: the templates are written with "\\n"; every "\\n" becomes CRLF (HTTP head, MIME
headers and boundaries, XML and text bodies alike), then raw bytes are inserted unchanged.
A part's body ends before the CRLF that precedes the next boundary line (RFC 2046), so a
text part written as "Hello\\n--b" is 5 bytes long.

The .expected.json beside each .http is the `expected` dict of the case; part sizes are
computed from the same constants the message is built from.

Run:  python3 src/corpus/tools/make_corpus.py      (rewrites the files, prints what it wrote)
"""
import base64
import json
import os
import quopri
import re

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.dirname(HERE)

# A 12x12 and an 8x8 RGB PNG (real, decodable images).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAwAAAAMCAIAAADZF8uwAAABxUlEQVR42gXB32vSQQAA8DsUbS8jBB9WEPcyOWqU9Ad0RMm9RVD"
    "RQ3TEiMMxWD+w3g72crQiYiOj3hpx1Es9RkEExT0k33SCOn9/U2/p9t10qNMvG87V5wMGMzg/jQ9ncfkmrtzDnTd4+yN20/jAwU"
    "4Xr+/hynEMfBFaDtPhLLWu0N5zurtK829pO0m9I7pzQGteak5RsH6Sb0V47Rp3Yrwf52tPuP2Juza3EjyzyavH+O9JDipYdq/L7"
    "rysLsjakmy9l96KbGalO5JuQLamZCIgQSakSpdV6ZbaXFTNV8pjqdIX5RspK68qR6odUn/OKTC8qt2o7jzWYFVXX+rSB138rrtt"
    "bYZ6J6hzQT2+oUHitDl8ZLxx01gymWWznzLJr8aum1HQOCfMxhmTPW9A8SLs3od2DNZfwOQKhDZ0HfhvAvYCsDEF7RlYi0AAH6B"
    "GFPkUAp9RIo6K39DuFkrXkdVHDYQ6l5A/hsBgnpSjZPyOeH8QT54UfpJkijTHxJ0m22HiuUOc2wQMHrLcHMstMr/FxgXm32e+SW"
    "Y5LDvBNsIM3GV7Cwz8nROdp6LwTKRei6OaSP8ShZZYG4jeWZEJiewF0Y+J/zqo8THv/7R7AAAAAElFTkSuQmCC")
PNG2 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAA00lEQVR42gHIADf/ANEJKNEgKO1TKP16KOh8KM14KPW3KMylKAD"
    "pKEfJH0fcSUfaXkf2kUfcjkf9xkf42EcAzRNm0zBm/3Nm63Zm4YNm3JVm1qZm+N9mAPZDhfdbhf96hfGDhf+ohd2dhfnQhQLwhQ"
    "D3S6TtWKQEhqT7lKQBsaTaoaTbuaTb0KQAAFvD1kjD8XrD4IDD9q3D/cvD7NHD0c3DAN5A4gJ74uNz4geu4siG4tqv4tnF4v8C4"
    "gD3YAHqagH3jgHhjwH7wAHxzQHLvgHO2AEywHLvzh8UugAAAABJRU5ErkJggg==")

# The SMIL presentation used by most content parts (it refers to cid:text1 and cid:img1).
SMIL = """<smil>
<head>
<layout>
<root-layout width="176" height="144"/>
<region id="Image" top="0" left="0" width="176" height="112"/>
<region id="Text" top="112" left="0" width="176" height="32"/>
</layout>
</head>
<body>
<par dur="8000ms">
<img src="cid:img1" region="Image"/>
<text src="cid:text1" region="Text"/>
</par>
</body>
</smil>"""

# VASP -> subscriber text (pure ASCII, so it needs no transfer encoding).
TEXT = """Acme News: the harbour bridge reopens on Monday at 06:00.
Reply STOP to 80001 to unsubscribe."""

# Subscriber -> VASP text of the mobile-originated (DeliverReq) cases (pure ASCII).
MO_TEXT = """Here is the photo from the match, send it to the news desk please."""

# Legacy-charset texts of legacy-charset-text.
ZH_TEXT = "你好，这是从北京发来的彩信。"
KO_TEXT = "안녕하세요, 서울에서 보낸 메시지입니다."
FR_TEXT = "Café crème à Genève, à bientôt!"


def b64lines(data):
    s = base64.b64encode(data).decode("ascii")
    return "\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def crlf(s):
    return s.replace("\r\n", "\n").replace("\n", "\r\n")


def size(text):
    """Byte length of a shared UTF-8 text after the CRLF conversion."""
    return len(crlf(text).encode("utf-8"))


TEXT_TOKENS = {
    "{SMIL}": SMIL,
    "{TEXT}": TEXT,
    "{MO_TEXT}": MO_TEXT,
    "{PNG_B64}": b64lines(PNG),
    "{PNG2_B64}": b64lines(PNG2),
}
RAW_TOKENS = {"{PNG_RAW}": PNG, "{PNG2_RAW}": PNG2}

CASES = []


def case(path, head, body, expected, raw=None, length_delta=0):
    """Registers one case. path is 'deviations/<class>' or 'rejected/<case>'."""
    CASES.append((path, head, body, expected, raw or {}, length_delta))


def build(head, body, raw, length_delta):
    for token, value in TEXT_TOKENS.items():
        body = body.replace(token, value)
    raw_tokens = dict(RAW_TOKENS, **raw)
    left = set(re.findall(r"\{[A-Z0-9_]+\}", body)) - set(raw_tokens)
    assert not left, "unreplaced tokens: %s" % left
    data = crlf(body).encode("utf-8")
    for token, value in raw_tokens.items():
        data = data.replace(token.encode("ascii"), value)
    head = crlf(head).replace("{CONTENT_LENGTH}", str(len(data) + length_delta))
    assert head.endswith("\r\n") and "{" not in head
    return head.encode("ascii") + b"\r\n" + data


# Frequently used expected parts.
SMIL_PART = {"contentType": "application/smil", "contentId": "smil",
             "contentLocation": "presentation.smil", "size": size(SMIL)}
TEXT_PART = {"contentType": "text/plain", "contentId": "text1",
             "contentLocation": "text1.txt", "size": size(TEXT)}
MO_TEXT_PART = {"contentType": "text/plain", "contentId": "text1",
                "contentLocation": "text1.txt", "size": size(MO_TEXT)}
IMG_PART = {"contentType": "image/png", "contentId": "img1",
            "contentLocation": "img1.png", "size": len(PNG)}
NEWS_PARTS = [SMIL_PART, TEXT_PART, IMG_PART]
MO_PARTS = [SMIL_PART, MO_TEXT_PART, IMG_PART]

NO_CC_BCC = {"cc": [], "bcc": []}


def to(*addresses):
    return dict({"to": list(addresses)}, **NO_CC_BCC)


# ---------------------------------------------------------------------------------------------
# Deviation classes
# ---------------------------------------------------------------------------------------------

# body-no-namespace: SubmitReq whose body element and children are in no namespace; the
# header's TransactionID is in REL-6-MM7-1-4, which gives the message its namespace.
case("deviations/body-no-namespace", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-bnn"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
--MM7-outer-bnn
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-body-no-namespace</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <SubmitReq>
      <MM7Version>6.8.0</MM7Version>
      <SenderIdentification>
        <VASPID>acme</VASPID>
        <VASID>news</VASID>
        <SenderAddress>
          <ShortCode>80001</ShortCode>
        </SenderAddress>
      </SenderIdentification>
      <Recipients>
        <To>
          <Number>+447000001001</Number>
        </To>
      </Recipients>
      <ServiceCode>news-daily</ServiceCode>
      <MessageClass>Informational</MessageClass>
      <TimeStamp>2024-05-14T09:30:00Z</TimeStamp>
      <DeliveryReport>true</DeliveryReport>
      <Priority>Normal</Priority>
      <Subject>Harbour bridge reopens</Subject>
      <ChargedParty>Sender</ChargedParty>
      <Content href="cid:content" allowAdaptations="true"/>
    </SubmitReq>
  </env:Body>
</env:Envelope>
--MM7-outer-bnn
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-bnn"
Content-ID: <content>

--MM7-inner-bnn
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-bnn
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{TEXT}
--MM7-inner-bnn
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-bnn--
--MM7-outer-bnn--
""", {
    "operation": "SubmitReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-body-no-namespace",
    "vaspId": "acme", "vasId": "news",
    "sender": {"shortCode": "80001"},
    "recipients": to({"number": "+447000001001"}),
    "subject": "Harbour bridge reopens",
    "parts": NEWS_PARTS,
    "findings": [{"code": "body-no-namespace"}],
})

# unqualified-children: DeliverReq (relay -> VASP), prefixed root, children in no namespace.
case("deviations/unqualified-children", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-uqc"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic bW1zYzpyZWxheS1zZWNyZXQ=
""", """\
--MM7-outer-uqc
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2" env:mustUnderstand="1">dev-unqualified-children</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:DeliverReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2">
      <MM7Version>5.3.0</MM7Version>
      <MMSRelayServerID>mmsc.example.com</MMSRelayServerID>
      <LinkedID>mmsc-link-0002</LinkedID>
      <Sender>
        <Number>+447000002001</Number>
      </Sender>
      <Recipients>
        <To>
          <ShortCode>80001</ShortCode>
        </To>
      </Recipients>
      <TimeStamp>2024-05-14T10:02:11+01:00</TimeStamp>
      <Priority>Normal</Priority>
      <Subject>Photo from the match</Subject>
      <Content href="cid:content"/>
    </mm7:DeliverReq>
  </env:Body>
</env:Envelope>
--MM7-outer-uqc
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-uqc"
Content-ID: <content>

--MM7-inner-uqc
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-uqc
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{MO_TEXT}
--MM7-inner-uqc
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-uqc--
--MM7-outer-uqc--
""", {
    "operation": "DeliverReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2",
    "release": "REL-5-MM7-1-2",
    "mm7Version": "5.3.0",
    "transactionId": "dev-unqualified-children",
    "sender": {"number": "+447000002001"},
    "recipients": to({"shortCode": "80001"}),
    "linkedId": "mmsc-link-0002",
    "subject": "Photo from the match",
    "parts": MO_PARTS,
    "findings": [{"code": "unqualified-children"}],
})

# namespace-default-on-envelope (legal): ReadReplyReq, MM7 namespace as the default on the
# Envelope; TransactionID and the body elements are unprefixed and inherit it.
case("deviations/namespace-default-on-envelope", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
  <env:Header>
    <TransactionID env:mustUnderstand="1">dev-namespace-default-on-envelope</TransactionID>
  </env:Header>
  <env:Body>
    <ReadReplyReq>
      <MM7Version>6.8.0</MM7Version>
      <MMSRelayServerID>mmsc.example.com</MMSRelayServerID>
      <MessageID>mmsc-4711-0003</MessageID>
      <Recipient>
        <Number>+447000001003</Number>
      </Recipient>
      <Sender>
        <ShortCode>80001</ShortCode>
      </Sender>
      <TimeStamp>2024-05-14T11:15:42Z</TimeStamp>
      <MMStatus>Read</MMStatus>
      <StatusText>Message read</StatusText>
    </ReadReplyReq>
  </env:Body>
</env:Envelope>
""", {
    "operation": "ReadReplyReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-namespace-default-on-envelope",
    "messageId": "mmsc-4711-0003",
    "sender": {"shortCode": "80001"},
    "mmStatus": "Read",
    "findings": [],
})

# namespace-per-element (legal): SubmitRsp with the MM7 namespace declared again on every element.
case("deviations/namespace-per-element", """\
HTTP/1.1 200 OK
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <TransactionID xmlns="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-namespace-per-element</TransactionID>
  </env:Header>
  <env:Body>
    <SubmitRsp xmlns="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <MM7Version xmlns="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">6.8.0</MM7Version>
      <Status xmlns="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
        <StatusCode xmlns="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">1000</StatusCode>
        <StatusText xmlns="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">Success</StatusText>
      </Status>
      <MessageID xmlns="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">mmsc-4711-0004</MessageID>
    </SubmitRsp>
  </env:Body>
</env:Envelope>
""", {
    "operation": "SubmitRsp",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-namespace-per-element",
    "status": {"code": 1000, "text": "Success"},
    "messageId": "mmsc-4711-0004",
    "findings": [],
})

# unknown-namespace: SubmitReq in REL-6-MM7-6-7, which does not exist; read as REL-6-MM7-1-4.
case("deviations/unknown-namespace", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-unk"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
--MM7-outer-unk
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-6-7" env:mustUnderstand="1">dev-unknown-namespace</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-6-7">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme</mm7:VASPID>
        <mm7:VASID>news</mm7:VASID>
        <mm7:SenderAddress>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:SenderAddress>
      </mm7:SenderIdentification>
      <mm7:Recipients>
        <mm7:To>
          <mm7:Number>+447000001005</mm7:Number>
        </mm7:To>
        <mm7:Bcc>
          <mm7:RFC2822Address>archive@example.org</mm7:RFC2822Address>
        </mm7:Bcc>
      </mm7:Recipients>
      <mm7:ServiceCode>news-daily</mm7:ServiceCode>
      <mm7:MessageClass>Informational</mm7:MessageClass>
      <mm7:DeliveryReport>true</mm7:DeliveryReport>
      <mm7:Subject>Harbour bridge reopens</mm7:Subject>
      <mm7:Content href="cid:content" allowAdaptations="true"/>
    </mm7:SubmitReq>
  </env:Body>
</env:Envelope>
--MM7-outer-unk
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-unk"
Content-ID: <content>

--MM7-inner-unk
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-unk
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{TEXT}
--MM7-inner-unk
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-unk--
--MM7-outer-unk--
""", {
    "operation": "SubmitReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-6-7",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-unknown-namespace",
    "vaspId": "acme", "vasId": "news",
    "sender": {"shortCode": "80001"},
    "recipients": {"to": [{"number": "+447000001005"}], "cc": [],
                   "bcc": [{"rfc2822": "archive@example.org"}]},
    "subject": "Harbour bridge reopens",
    "parts": NEWS_PARTS,
    "findings": [{"code": "unknown-namespace"}],
})

# version-namespace-mismatch: SubmitReq in REL-5-MM7-1-2 saying MM7Version 5.2.0 (a version
# from before the MM7 SOAP schemas existed).
case("deviations/version-namespace-mismatch", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-vnm"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
--MM7-outer-vnm
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2" env:mustUnderstand="1">dev-version-namespace-mismatch</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2">
      <mm7:MM7Version>5.2.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme</mm7:VASPID>
        <mm7:VASID>news</mm7:VASID>
      </mm7:SenderIdentification>
      <mm7:Recipients>
        <mm7:To>
          <mm7:Number>+447000001006</mm7:Number>
          <mm7:Number>+447000001007</mm7:Number>
        </mm7:To>
      </mm7:Recipients>
      <mm7:ServiceCode>news-daily</mm7:ServiceCode>
      <mm7:TimeStamp>2024-05-14T09:30:00Z</mm7:TimeStamp>
      <mm7:Priority>Normal</mm7:Priority>
      <mm7:Subject>Harbour bridge reopens</mm7:Subject>
      <mm7:Content href="cid:content" allowAdaptations="false"/>
    </mm7:SubmitReq>
  </env:Body>
</env:Envelope>
--MM7-outer-vnm
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-vnm"
Content-ID: <content>

--MM7-inner-vnm
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-vnm
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{TEXT}
--MM7-inner-vnm
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-vnm--
--MM7-outer-vnm--
""", {
    "operation": "SubmitReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2",
    "release": "REL-5-MM7-1-2",
    "mm7Version": "5.2.0",
    "transactionId": "dev-version-namespace-mismatch",
    "vaspId": "acme", "vasId": "news",
    "recipients": to({"number": "+447000001006"}, {"number": "+447000001007"}),
    "subject": "Harbour bridge reopens",
    "parts": NEWS_PARTS,
    "findings": [{"code": "version-namespace-mismatch"}],
})

# soap-prefixes (legal): the SOAP envelope namespace under three prefixes (SOAP-ENV: on the
# Envelope, soapenv: on the Header, soap: on the Body) and MM7 under a generated mm7p6a0: prefix.
case("deviations/soap-prefixes", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-pfx"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic bW1zYzpyZWxheS1zZWNyZXQ=
""", """\
--MM7-outer-pfx
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
  <soapenv:Header xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
    <mm7p6a0:TransactionID xmlns:mm7p6a0="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" soapenv:mustUnderstand="1">dev-soap-prefixes</mm7p6a0:TransactionID>
  </soapenv:Header>
  <soap:Body xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
    <mm7p6a0:DeliverReq xmlns:mm7p6a0="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7p6a0:MM7Version>6.8.0</mm7p6a0:MM7Version>
      <mm7p6a0:MMSRelayServerID>mmsc.example.com</mm7p6a0:MMSRelayServerID>
      <mm7p6a0:Sender>
        <mm7p6a0:Number>+447000002007</mm7p6a0:Number>
      </mm7p6a0:Sender>
      <mm7p6a0:Recipients>
        <mm7p6a0:To>
          <mm7p6a0:ShortCode>80001</mm7p6a0:ShortCode>
        </mm7p6a0:To>
      </mm7p6a0:Recipients>
      <mm7p6a0:TimeStamp>2024-05-14T10:07:30Z</mm7p6a0:TimeStamp>
      <mm7p6a0:Subject>Photo from the match</mm7p6a0:Subject>
      <mm7p6a0:Content href="cid:content"/>
    </mm7p6a0:DeliverReq>
  </soap:Body>
</SOAP-ENV:Envelope>
--MM7-outer-pfx
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-pfx"
Content-ID: <content>

--MM7-inner-pfx
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-pfx
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{MO_TEXT}
--MM7-inner-pfx
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-pfx--
--MM7-outer-pfx--
""", {
    "operation": "DeliverReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-soap-prefixes",
    "sender": {"number": "+447000002007"},
    "recipients": to({"shortCode": "80001"}),
    "subject": "Photo from the match",
    "parts": MO_PARTS,
    "findings": [],
})

# missing-start-parameter: SubmitReq; multipart/related without start (the SOAP part is first).
case("deviations/missing-start-parameter", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: multipart/related; type="text/xml"; boundary="MM7-outer-msp"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
--MM7-outer-msp
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-missing-start-parameter</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme</mm7:VASPID>
        <mm7:VASID>news</mm7:VASID>
        <mm7:SenderAddress>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:SenderAddress>
      </mm7:SenderIdentification>
      <mm7:Recipients>
        <mm7:To>
          <mm7:Number>+447000001008</mm7:Number>
        </mm7:To>
      </mm7:Recipients>
      <mm7:ServiceCode>news-daily</mm7:ServiceCode>
      <mm7:LinkedID>mmsc-link-0008</mm7:LinkedID>
      <mm7:DeliveryReport>false</mm7:DeliveryReport>
      <mm7:Subject>Harbour bridge reopens</mm7:Subject>
      <mm7:Content href="cid:content" allowAdaptations="true"/>
    </mm7:SubmitReq>
  </env:Body>
</env:Envelope>
--MM7-outer-msp
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-msp"
Content-ID: <content>

--MM7-inner-msp
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-msp
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{TEXT}
--MM7-inner-msp
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-msp--
--MM7-outer-msp--
""", {
    "operation": "SubmitReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-missing-start-parameter",
    "vaspId": "acme", "vasId": "news",
    "sender": {"shortCode": "80001"},
    "recipients": to({"number": "+447000001008"}),
    "linkedId": "mmsc-link-0008",
    "subject": "Harbour bridge reopens",
    "parts": NEWS_PARTS,
    "findings": [{"code": "missing-start-parameter"}],
})

# capitalised-parameters (legal): Type=, Start=, Boundary=, Charset=, Name= (MIME parameter
# names are case-insensitive, RFC 2045 section 5.1). DeliverReq in REL-6-MM7-1-0 / 6.3.0.
case("deviations/capitalised-parameters", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: multipart/related; Type="text/xml"; Start="<soap-start>"; Boundary="MM7-outer-cap"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic bW1zYzpyZWxheS1zZWNyZXQ=
""", """\
--MM7-outer-cap
Content-Type: text/xml; Charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-0" env:mustUnderstand="1">dev-capitalised-parameters</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:DeliverReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-0">
      <mm7:MM7Version>6.3.0</mm7:MM7Version>
      <mm7:MMSRelayServerID>mmsc.example.com</mm7:MMSRelayServerID>
      <mm7:Sender>
        <mm7:Number>+447000002009</mm7:Number>
      </mm7:Sender>
      <mm7:Recipients>
        <mm7:To>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:To>
      </mm7:Recipients>
      <mm7:TimeStamp>2024-05-14T10:09:00Z</mm7:TimeStamp>
      <mm7:Priority>High</mm7:Priority>
      <mm7:Subject>Photo from the match</mm7:Subject>
      <mm7:Content href="cid:content"/>
    </mm7:DeliverReq>
  </env:Body>
</env:Envelope>
--MM7-outer-cap
Content-Type: multipart/related; Type="application/smil"; Start="<smil>"; Boundary="MM7-inner-cap"
Content-ID: <content>

--MM7-inner-cap
Content-Type: application/smil; Charset=utf-8; Name="presentation.smil"
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-cap
Content-Type: text/plain; Charset=us-ascii; Name="text1.txt"
Content-ID: <text1>
Content-Location: text1.txt

{MO_TEXT}
--MM7-inner-cap
Content-Type: image/png; Name="img1.png"
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-cap--
--MM7-outer-cap--
""", {
    "operation": "DeliverReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-0",
    "release": "REL-6-MM7-1-0",
    "mm7Version": "6.3.0",
    "transactionId": "dev-capitalised-parameters",
    "sender": {"number": "+447000002009"},
    "recipients": to({"shortCode": "80001"}),
    "subject": "Photo from the match",
    "parts": MO_PARTS,
    "findings": [],
})

# soap-part-without-content-id: SubmitReq (REL-5-MM7-1-2 / 5.3.0). The SOAP part (first) has
# no Content-ID, so the start parameter names no part; the root is the first part.
case("deviations/soap-part-without-content-id", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-nid"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
--MM7-outer-nid
Content-Type: text/xml; charset=utf-8

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2" env:mustUnderstand="1">dev-soap-part-without-content-id</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2">
      <mm7:MM7Version>5.3.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme</mm7:VASPID>
        <mm7:VASID>news</mm7:VASID>
        <mm7:SenderAddress>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:SenderAddress>
      </mm7:SenderIdentification>
      <mm7:Recipients>
        <mm7:To>
          <mm7:Number>+447000001010</mm7:Number>
        </mm7:To>
      </mm7:Recipients>
      <mm7:ServiceCode>news-daily</mm7:ServiceCode>
      <mm7:Subject>Harbour bridge reopens</mm7:Subject>
      <mm7:Content href="cid:content" allowAdaptations="true"/>
    </mm7:SubmitReq>
  </env:Body>
</env:Envelope>
--MM7-outer-nid
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-nid"
Content-ID: <content>

--MM7-inner-nid
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-nid
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{TEXT}
--MM7-inner-nid
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-nid--
--MM7-outer-nid--
""", {
    "operation": "SubmitReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2",
    "release": "REL-5-MM7-1-2",
    "mm7Version": "5.3.0",
    "transactionId": "dev-soap-part-without-content-id",
    "vaspId": "acme", "vasId": "news",
    "sender": {"shortCode": "80001"},
    "recipients": to({"number": "+447000001010"}),
    "subject": "Harbour bridge reopens",
    "parts": NEWS_PARTS,
    "findings": [{"code": "soap-part-without-content-id"}, {"code": "start-unresolved"}],
})

# content-id-without-angle-brackets: DeliverReq; every Content-ID header is written without
# <...> (the start parameter and the cid: references are as usual).
case("deviations/content-id-without-angle-brackets", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-cab"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic bW1zYzpyZWxheS1zZWNyZXQ=
""", """\
--MM7-outer-cab
Content-Type: text/xml; charset=utf-8
Content-ID: soap-start

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-content-id-without-angle-brackets</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:DeliverReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:MMSRelayServerID>mmsc.example.com</mm7:MMSRelayServerID>
      <mm7:Sender>
        <mm7:Number>+447000002011</mm7:Number>
      </mm7:Sender>
      <mm7:Recipients>
        <mm7:To>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:To>
      </mm7:Recipients>
      <mm7:TimeStamp>2024-05-14T10:11:00Z</mm7:TimeStamp>
      <mm7:Subject>Photo from the match</mm7:Subject>
      <mm7:Content href="cid:content"/>
    </mm7:DeliverReq>
  </env:Body>
</env:Envelope>
--MM7-outer-cab
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-cab"
Content-ID: content

--MM7-inner-cab
Content-Type: application/smil; charset=utf-8
Content-ID: smil
Content-Location: presentation.smil

{SMIL}
--MM7-inner-cab
Content-Type: text/plain; charset=us-ascii
Content-ID: text1
Content-Location: text1.txt

{MO_TEXT}
--MM7-inner-cab
Content-Type: image/png
Content-ID: img1
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-cab--
--MM7-outer-cab--
""", {
    "operation": "DeliverReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-content-id-without-angle-brackets",
    "sender": {"number": "+447000002011"},
    "recipients": to({"shortCode": "80001"}),
    "subject": "Photo from the match",
    "parts": MO_PARTS,
    "findings": [{"code": "content-id-without-angle-brackets"}],
})

# href-without-cid: SubmitReq with href="content" (meant: the part with Content-ID <content>).
case("deviations/href-without-cid", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-hnc"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
--MM7-outer-hnc
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-href-without-cid</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme</mm7:VASPID>
        <mm7:VASID>news</mm7:VASID>
        <mm7:SenderAddress>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:SenderAddress>
      </mm7:SenderIdentification>
      <mm7:Recipients>
        <mm7:To>
          <mm7:Number>+447000001012</mm7:Number>
        </mm7:To>
        <mm7:Cc>
          <mm7:Number>+447000001013</mm7:Number>
        </mm7:Cc>
      </mm7:Recipients>
      <mm7:ServiceCode>news-daily</mm7:ServiceCode>
      <mm7:MessageClass>Informational</mm7:MessageClass>
      <mm7:Subject>Harbour bridge reopens</mm7:Subject>
      <mm7:Content href="content" allowAdaptations="true"/>
    </mm7:SubmitReq>
  </env:Body>
</env:Envelope>
--MM7-outer-hnc
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-hnc"
Content-ID: <content>

--MM7-inner-hnc
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-hnc
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{TEXT}
--MM7-inner-hnc
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-hnc--
--MM7-outer-hnc--
""", {
    "operation": "SubmitReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-href-without-cid",
    "vaspId": "acme", "vasId": "news",
    "sender": {"shortCode": "80001"},
    "recipients": {"to": [{"number": "+447000001012"}], "cc": [{"number": "+447000001013"}], "bcc": []},
    "subject": "Harbour bridge reopens",
    "parts": NEWS_PARTS,
    "findings": [{"code": "href-without-cid"}],
})

# href-space-after-cid: DeliverReq (REL-5-MM7-1-2 / 5.3.0) with href="cid: content".
case("deviations/href-space-after-cid", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-hsp"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
""", """\
--MM7-outer-hsp
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2" env:mustUnderstand="1">dev-href-space-after-cid</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:DeliverReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2">
      <mm7:MM7Version>5.3.0</mm7:MM7Version>
      <mm7:MMSRelayServerID>mmsc.example.com</mm7:MMSRelayServerID>
      <mm7:Sender>
        <mm7:Number>+447000002014</mm7:Number>
      </mm7:Sender>
      <mm7:Recipients>
        <mm7:To>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:To>
      </mm7:Recipients>
      <mm7:TimeStamp>2024-05-14T10:14:00Z</mm7:TimeStamp>
      <mm7:Subject>Photo from the match</mm7:Subject>
      <mm7:Content href="cid: content"/>
    </mm7:DeliverReq>
  </env:Body>
</env:Envelope>
--MM7-outer-hsp
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-hsp"
Content-ID: <content>

--MM7-inner-hsp
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-hsp
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{MO_TEXT}
--MM7-inner-hsp
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-hsp--
--MM7-outer-hsp--
""", {
    "operation": "DeliverReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2",
    "release": "REL-5-MM7-1-2",
    "mm7Version": "5.3.0",
    "transactionId": "dev-href-space-after-cid",
    "sender": {"number": "+447000002014"},
    "recipients": to({"shortCode": "80001"}),
    "subject": "Photo from the match",
    "parts": MO_PARTS,
    "findings": [{"code": "href-space-after-cid"}],
})

# href-namespace-qualified: SubmitReq (REL-6-MM7-1-0 / 6.3.0) with mm7:href="cid:content".
case("deviations/href-namespace-qualified", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-hnq"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
--MM7-outer-hnq
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-0" env:mustUnderstand="1">dev-href-namespace-qualified</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-0">
      <mm7:MM7Version>6.3.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme</mm7:VASPID>
        <mm7:VASID>news</mm7:VASID>
        <mm7:SenderAddress>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:SenderAddress>
      </mm7:SenderIdentification>
      <mm7:Recipients>
        <mm7:To>
          <mm7:Number>+447000001015</mm7:Number>
        </mm7:To>
      </mm7:Recipients>
      <mm7:ServiceCode>news-daily</mm7:ServiceCode>
      <mm7:ExpiryDate>2024-05-21T09:30:00Z</mm7:ExpiryDate>
      <mm7:Subject>Harbour bridge reopens</mm7:Subject>
      <mm7:Content mm7:href="cid:content" allowAdaptations="true"/>
    </mm7:SubmitReq>
  </env:Body>
</env:Envelope>
--MM7-outer-hnq
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-hnq"
Content-ID: <content>

--MM7-inner-hnq
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-hnq
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{TEXT}
--MM7-inner-hnq
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-hnq--
--MM7-outer-hnq--
""", {
    "operation": "SubmitReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-0",
    "release": "REL-6-MM7-1-0",
    "mm7Version": "6.3.0",
    "transactionId": "dev-href-namespace-qualified",
    "vaspId": "acme", "vasId": "news",
    "sender": {"shortCode": "80001"},
    "recipients": to({"number": "+447000001015"}),
    "subject": "Harbour bridge reopens",
    "parts": NEWS_PARTS,
    "findings": [{"code": "href-namespace-qualified"}],
})

# href-unresolved: SubmitReq whose href names no part; the only attachment (a single image,
# not a multipart) is taken as the content. rejected/href-unresolved-strict is the same
# message decoded in strict mode.
HREF_UNRESOLVED_HEAD = """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-hun"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
"""
HREF_UNRESOLVED_BODY = """\
--MM7-outer-hun
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-href-unresolved</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme</mm7:VASPID>
        <mm7:VASID>news</mm7:VASID>
        <mm7:SenderAddress>
          <mm7:RFC2822Address>news@acme.example.com</mm7:RFC2822Address>
        </mm7:SenderAddress>
      </mm7:SenderIdentification>
      <mm7:Recipients>
        <mm7:To>
          <mm7:Number>+447000001016</mm7:Number>
        </mm7:To>
      </mm7:Recipients>
      <mm7:ServiceCode>news-photo</mm7:ServiceCode>
      <mm7:Subject>Photo of the day</mm7:Subject>
      <mm7:Content href="cid:attachment-1@vasp.example.org" allowAdaptations="true"/>
    </mm7:SubmitReq>
  </env:Body>
</env:Envelope>
--MM7-outer-hun
Content-Type: image/png
Content-ID: <photo-1@acme.example.com>
Content-Location: photo.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-outer-hun--
"""
case("deviations/href-unresolved", HREF_UNRESOLVED_HEAD, HREF_UNRESOLVED_BODY, {
    "operation": "SubmitReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-href-unresolved",
    "vaspId": "acme", "vasId": "news",
    "sender": {"rfc2822": "news@acme.example.com"},
    "recipients": to({"number": "+447000001016"}),
    "subject": "Photo of the day",
    "parts": [{"contentType": "image/png", "contentId": "photo-1@acme.example.com",
               "contentLocation": "photo.png", "size": len(PNG)}],
    "findings": [{"code": "href-unresolved"}],
})

# content-element-missing: DeliverReq with an attachment but no Content element.
case("deviations/content-element-missing", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-cem"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic bW1zYzpyZWxheS1zZWNyZXQ=
""", """\
--MM7-outer-cem
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-content-element-missing</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:DeliverReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:MMSRelayServerID>mmsc.example.com</mm7:MMSRelayServerID>
      <mm7:Sender>
        <mm7:Number>+447000002017</mm7:Number>
      </mm7:Sender>
      <mm7:Recipients>
        <mm7:To>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:To>
      </mm7:Recipients>
      <mm7:TimeStamp>2024-05-14T10:17:00Z</mm7:TimeStamp>
      <mm7:Subject>Photo from the match</mm7:Subject>
    </mm7:DeliverReq>
  </env:Body>
</env:Envelope>
--MM7-outer-cem
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-cem"
Content-ID: <content>

--MM7-inner-cem
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-cem
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{MO_TEXT}
--MM7-inner-cem
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-cem--
--MM7-outer-cem--
""", {
    "operation": "DeliverReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-content-element-missing",
    "sender": {"number": "+447000002017"},
    "recipients": to({"shortCode": "80001"}),
    "subject": "Photo from the match",
    "parts": MO_PARTS,
    "findings": [{"code": "content-element-missing"}],
})

# header-no-space-after-colon (legal): no blank after the colon, in the HTTP head and in
# every MIME part header (RFC 9110/9112 and RFC 5322 allow it). SubmitReq.
case("deviations/header-no-space-after-colon", """\
POST /mm7 HTTP/1.1
Host:mmsc.example.com
Content-Type:multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-nsc"
Content-Length:{CONTENT_LENGTH}
SOAPAction:""
Authorization:Basic YWNtZTpzZWNyZXQ=
""", """\
--MM7-outer-nsc
Content-Type:text/xml; charset=utf-8
Content-ID:<soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-header-no-space-after-colon</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme</mm7:VASPID>
        <mm7:VASID>news</mm7:VASID>
        <mm7:SenderAddress>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:SenderAddress>
      </mm7:SenderIdentification>
      <mm7:Recipients>
        <mm7:To>
          <mm7:Number>+447000001018</mm7:Number>
        </mm7:To>
      </mm7:Recipients>
      <mm7:ServiceCode>news-daily</mm7:ServiceCode>
      <mm7:MessageClass>Informational</mm7:MessageClass>
      <mm7:TimeStamp>2024-05-14T09:30:00Z</mm7:TimeStamp>
      <mm7:Priority>Low</mm7:Priority>
      <mm7:Subject>Harbour bridge reopens</mm7:Subject>
      <mm7:Content href="cid:content" allowAdaptations="true"/>
    </mm7:SubmitReq>
  </env:Body>
</env:Envelope>
--MM7-outer-nsc
Content-Type:multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-nsc"
Content-ID:<content>

--MM7-inner-nsc
Content-Type:application/smil; charset=utf-8
Content-ID:<smil>
Content-Location:presentation.smil

{SMIL}
--MM7-inner-nsc
Content-Type:text/plain; charset=us-ascii
Content-ID:<text1>
Content-Location:text1.txt

{TEXT}
--MM7-inner-nsc
Content-Type:image/png
Content-ID:<img1>
Content-Location:img1.png
Content-Transfer-Encoding:base64

{PNG_B64}
--MM7-inner-nsc--
--MM7-outer-nsc--
""", {
    "operation": "SubmitReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-header-no-space-after-colon",
    "vaspId": "acme", "vasId": "news",
    "sender": {"shortCode": "80001"},
    "recipients": to({"number": "+447000001018"}),
    "subject": "Harbour bridge reopens",
    "parts": NEWS_PARTS,
    "findings": [],
})

# base64-uppercase (legal): Content-Transfer-Encoding: BASE64 (values are case-insensitive,
# RFC 2045 section 6.1). DeliverReq.
case("deviations/base64-uppercase", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-b64"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic bW1zYzpyZWxheS1zZWNyZXQ=
""", """\
--MM7-outer-b64
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-base64-uppercase</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:DeliverReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:MMSRelayServerID>mmsc.example.com</mm7:MMSRelayServerID>
      <mm7:LinkedID>mmsc-link-0019</mm7:LinkedID>
      <mm7:Sender>
        <mm7:Number>+447000002019</mm7:Number>
      </mm7:Sender>
      <mm7:Recipients>
        <mm7:To>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:To>
      </mm7:Recipients>
      <mm7:TimeStamp>2024-05-14T10:19:00Z</mm7:TimeStamp>
      <mm7:Subject>Photo from the match</mm7:Subject>
      <mm7:Content href="cid:content"/>
    </mm7:DeliverReq>
  </env:Body>
</env:Envelope>
--MM7-outer-b64
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-b64"
Content-ID: <content>

--MM7-inner-b64
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-b64
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{MO_TEXT}
--MM7-inner-b64
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: BASE64

{PNG_B64}
--MM7-inner-b64--
--MM7-outer-b64--
""", {
    "operation": "DeliverReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-base64-uppercase",
    "sender": {"number": "+447000002019"},
    "recipients": to({"shortCode": "80001"}),
    "linkedId": "mmsc-link-0019",
    "subject": "Photo from the match",
    "parts": MO_PARTS,
    "findings": [],
})

# raw-8bit-binary: SubmitReq whose two PNG images are raw binary, one with no
# Content-Transfer-Encoding (so 7bit by default) and one that says 7bit.
case("deviations/raw-8bit-binary", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-raw"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
--MM7-outer-raw
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-raw-8bit-binary</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme</mm7:VASPID>
        <mm7:VASID>news</mm7:VASID>
        <mm7:SenderAddress>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:SenderAddress>
      </mm7:SenderIdentification>
      <mm7:Recipients>
        <mm7:To>
          <mm7:Number>+447000001020</mm7:Number>
        </mm7:To>
      </mm7:Recipients>
      <mm7:ServiceCode>news-photo</mm7:ServiceCode>
      <mm7:Subject>Two photos</mm7:Subject>
      <mm7:Content href="cid:content" allowAdaptations="true"/>
    </mm7:SubmitReq>
  </env:Body>
</env:Envelope>
--MM7-outer-raw
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-raw"
Content-ID: <content>

--MM7-inner-raw
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-raw
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{TEXT}
--MM7-inner-raw
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png

{PNG_RAW}
--MM7-inner-raw
Content-Type: image/png
Content-ID: <img2>
Content-Location: img2.png
Content-Transfer-Encoding: 7bit

{PNG2_RAW}
--MM7-inner-raw--
--MM7-outer-raw--
""", {
    "operation": "SubmitReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-raw-8bit-binary",
    "vaspId": "acme", "vasId": "news",
    "sender": {"shortCode": "80001"},
    "recipients": to({"number": "+447000001020"}),
    "subject": "Two photos",
    "parts": [SMIL_PART, TEXT_PART, IMG_PART,
              {"contentType": "image/png", "contentId": "img2", "contentLocation": "img2.png",
               "size": len(PNG2)}],
    "findings": [{"code": "raw-8bit-binary"}],
})

# mail-headers-in-parts (legal): MIME-Version, Date and Message-ID headers inside MIME parts.
# SubmitReq in REL-5-MM7-1-2 / 5.3.0.
case("deviations/mail-headers-in-parts", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-mhp"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
--MM7-outer-mhp
MIME-Version: 1.0
Date: Tue, 14 May 2024 09:30:00 +0000
Message-ID: <20240514093000.soap.21@acme.example.com>
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2" env:mustUnderstand="1">dev-mail-headers-in-parts</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2">
      <mm7:MM7Version>5.3.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme</mm7:VASPID>
        <mm7:VASID>news</mm7:VASID>
        <mm7:SenderAddress>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:SenderAddress>
      </mm7:SenderIdentification>
      <mm7:Recipients>
        <mm7:To>
          <mm7:Number>+447000001021</mm7:Number>
        </mm7:To>
      </mm7:Recipients>
      <mm7:ServiceCode>news-daily</mm7:ServiceCode>
      <mm7:TimeStamp>2024-05-14T09:30:00Z</mm7:TimeStamp>
      <mm7:Subject>Harbour bridge reopens</mm7:Subject>
      <mm7:Content href="cid:content" allowAdaptations="true"/>
    </mm7:SubmitReq>
  </env:Body>
</env:Envelope>
--MM7-outer-mhp
MIME-Version: 1.0
Date: Tue, 14 May 2024 09:30:00 +0000
Message-ID: <20240514093000.content.21@acme.example.com>
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-mhp"
Content-ID: <content>

--MM7-inner-mhp
Date: Tue, 14 May 2024 09:30:00 +0000
Message-ID: <20240514093000.smil.21@acme.example.com>
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-mhp
Date: Tue, 14 May 2024 09:30:00 +0000
Message-ID: <20240514093000.text1.21@acme.example.com>
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{TEXT}
--MM7-inner-mhp
Date: Tue, 14 May 2024 09:30:00 +0000
Message-ID: <20240514093000.img1.21@acme.example.com>
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-mhp--
--MM7-outer-mhp--
""", {
    "operation": "SubmitReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2",
    "release": "REL-5-MM7-1-2",
    "mm7Version": "5.3.0",
    "transactionId": "dev-mail-headers-in-parts",
    "vaspId": "acme", "vasId": "news",
    "sender": {"shortCode": "80001"},
    "recipients": to({"number": "+447000001021"}),
    "subject": "Harbour bridge reopens",
    "parts": NEWS_PARTS,
    "findings": [],
})

# multipart-without-boundary: DeliveryReportReq labelled multipart/related (no boundary
# parameter) around a bare SOAP envelope.
case("deviations/multipart-without-boundary", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic bW1zYzpyZWxheS1zZWNyZXQ=
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-multipart-without-boundary</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:DeliveryReportReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:MMSRelayServerID>mmsc.example.com</mm7:MMSRelayServerID>
      <mm7:MessageID>mmsc-4711-0022</mm7:MessageID>
      <mm7:Recipient>
        <mm7:Number>+447000001022</mm7:Number>
      </mm7:Recipient>
      <mm7:Sender>
        <mm7:ShortCode>80001</mm7:ShortCode>
      </mm7:Sender>
      <mm7:Date>2024-05-14T09:31:05Z</mm7:Date>
      <mm7:MMStatus>Retrieved</mm7:MMStatus>
      <mm7:StatusText>Message retrieved</mm7:StatusText>
    </mm7:DeliveryReportReq>
  </env:Body>
</env:Envelope>
""", {
    "operation": "DeliveryReportReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-multipart-without-boundary",
    "messageId": "mmsc-4711-0022",
    "sender": {"shortCode": "80001"},
    "mmStatus": "Retrieved",
    "findings": [{"code": "multipart-without-boundary"}],
})

# content-length-mismatch: SubmitRsp whose Content-Length is 2 more than the body's length
# (the body is everything after the head, as the file holds it).
case("deviations/content-length-mismatch", """\
HTTP/1.1 200 OK
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-content-length-mismatch</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitRsp xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:Status>
        <mm7:StatusCode>1000</mm7:StatusCode>
        <mm7:StatusText>Success</mm7:StatusText>
      </mm7:Status>
      <mm7:MessageID>mmsc-4711-0023</mm7:MessageID>
    </mm7:SubmitRsp>
  </env:Body>
</env:Envelope>
""", {
    "operation": "SubmitRsp",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-content-length-mismatch",
    "status": {"code": 1000, "text": "Success"},
    "messageId": "mmsc-4711-0023",
    "findings": [{"code": "content-length-mismatch"}],
}, length_delta=2)

# soapaction-namespace (legal): SOAPAction set to the namespace URI. DeliveryReportReq in
# REL-5-MM7-1-2 / 5.3.0.
case("deviations/soapaction-namespace", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
SOAPAction: "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2"
Authorization: Basic bW1zYzpyZWxheS1zZWNyZXQ=
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2" env:mustUnderstand="1">dev-soapaction-namespace</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:DeliveryReportReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2">
      <mm7:MM7Version>5.3.0</mm7:MM7Version>
      <mm7:MMSRelayServerID>mmsc.example.com</mm7:MMSRelayServerID>
      <mm7:MessageID>mmsc-4711-0024</mm7:MessageID>
      <mm7:Recipient>
        <mm7:Number>+447000001024</mm7:Number>
      </mm7:Recipient>
      <mm7:Sender>
        <mm7:ShortCode>80001</mm7:ShortCode>
      </mm7:Sender>
      <mm7:Date>2024-05-14T09:40:12Z</mm7:Date>
      <mm7:MMStatus>Expired</mm7:MMStatus>
    </mm7:DeliveryReportReq>
  </env:Body>
</env:Envelope>
""", {
    "operation": "DeliveryReportReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2",
    "release": "REL-5-MM7-1-2",
    "mm7Version": "5.3.0",
    "transactionId": "dev-soapaction-namespace",
    "messageId": "mmsc-4711-0024",
    "sender": {"shortCode": "80001"},
    "mmStatus": "Expired",
    "findings": [],
})

# blank-lines-before-xml-declaration: DeliveryReportReq (relay -> VASP) whose body starts with
# blank lines before <?xml (XML 1.0 wants the declaration first; read with a finding).
case("deviations/blank-lines-before-xml-declaration", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic bW1zYzpyZWxheS1zZWNyZXQ=
""", """\


<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-blank-lines-before-xml-declaration</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:DeliveryReportReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:MMSRelayServerID>mmsc.example.com</mm7:MMSRelayServerID>
      <mm7:MessageID>mmsc-4711-0051</mm7:MessageID>
      <mm7:Recipient>
        <mm7:Number>+447000001051</mm7:Number>
      </mm7:Recipient>
      <mm7:Sender>
        <mm7:ShortCode>80001</mm7:ShortCode>
      </mm7:Sender>
      <mm7:Date>2024-05-14T09:41:12Z</mm7:Date>
      <mm7:MMStatus>Retrieved</mm7:MMStatus>
    </mm7:DeliveryReportReq>
  </env:Body>
</env:Envelope>
""", {
    "operation": "DeliveryReportReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-blank-lines-before-xml-declaration",
    "messageId": "mmsc-4711-0051",
    "sender": {"shortCode": "80001"},
    "mmStatus": "Retrieved",
    "findings": [{"code": "whitespace-before-xml-declaration"}],
})

# response-application-xml: DeliverRsp (VASP -> relay) sent as application/xml.
case("deviations/response-application-xml", """\
HTTP/1.1 200 OK
Content-Type: application/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-response-application-xml</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:DeliverRsp xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:Status>
        <mm7:StatusCode>1000</mm7:StatusCode>
        <mm7:StatusText>Success</mm7:StatusText>
      </mm7:Status>
    </mm7:DeliverRsp>
  </env:Body>
</env:Envelope>
""", {
    "operation": "DeliverRsp",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-response-application-xml",
    "status": {"code": 1000, "text": "Success"},
    "findings": [{"code": "soap-content-type-application-xml"}],
})

# xml-encoding-mismatch: DeliverReq whose SOAP part is labelled charset=utf-8 and is UTF-8
# (the Subject has non-ASCII letters), while its XML declaration says utf-16.
case("deviations/xml-encoding-mismatch", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-enc"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic bW1zYzpyZWxheS1zZWNyZXQ=
""", """\
--MM7-outer-enc
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>
Content-Transfer-Encoding: 8bit

<?xml version="1.0" encoding="utf-16"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-xml-encoding-mismatch</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:DeliverReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:MMSRelayServerID>mmsc.example.com</mm7:MMSRelayServerID>
      <mm7:Sender>
        <mm7:Number>+447000002025</mm7:Number>
      </mm7:Sender>
      <mm7:Recipients>
        <mm7:To>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:To>
      </mm7:Recipients>
      <mm7:TimeStamp>2024-05-14T10:25:00Z</mm7:TimeStamp>
      <mm7:Subject>Grüße aus München</mm7:Subject>
      <mm7:Content href="cid:content"/>
    </mm7:DeliverReq>
  </env:Body>
</env:Envelope>
--MM7-outer-enc
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-enc"
Content-ID: <content>

--MM7-inner-enc
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-enc
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{MO_TEXT}
--MM7-inner-enc
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-enc--
--MM7-outer-enc--
""", {
    "operation": "DeliverReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-xml-encoding-mismatch",
    "sender": {"number": "+447000002025"},
    "recipients": to({"shortCode": "80001"}),
    "subject": "Grüße aus München",
    "parts": MO_PARTS,
    "findings": [{"code": "xml-encoding-mismatch"}],
})

# legacy-charset-text (legal): DeliverReq (REL-6-MM7-1-0 / 6.3.0) whose content is a
# multipart/mixed of three text parts: GB2312 (8bit), EUC-KR (base64), ISO-8859-1
# (quoted-printable).
FR_QP = quopri.encodestring(FR_TEXT.encode("iso-8859-1")).decode("ascii")
assert FR_QP == "Caf=E9 cr=E8me =E0 Gen=E8ve, =E0 bient=F4t!"
case("deviations/legacy-charset-text", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-lcs"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic bW1zYzpyZWxheS1zZWNyZXQ=
""", """\
--MM7-outer-lcs
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-0" env:mustUnderstand="1">dev-legacy-charset-text</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:DeliverReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-0">
      <mm7:MM7Version>6.3.0</mm7:MM7Version>
      <mm7:MMSRelayServerID>mmsc.example.com</mm7:MMSRelayServerID>
      <mm7:Sender>
        <mm7:Number>+447000002026</mm7:Number>
      </mm7:Sender>
      <mm7:Recipients>
        <mm7:To>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:To>
      </mm7:Recipients>
      <mm7:TimeStamp>2024-05-14T10:26:00Z</mm7:TimeStamp>
      <mm7:Subject>Greetings</mm7:Subject>
      <mm7:Content href="cid:content"/>
    </mm7:DeliverReq>
  </env:Body>
</env:Envelope>
--MM7-outer-lcs
Content-Type: multipart/mixed; boundary="MM7-inner-lcs"
Content-ID: <content>

--MM7-inner-lcs
Content-Type: text/plain; charset=gb2312
Content-ID: <text-zh>
Content-Location: zh.txt
Content-Transfer-Encoding: 8bit

{ZH_GB2312}
--MM7-inner-lcs
Content-Type: text/plain; charset=euc-kr
Content-ID: <text-ko>
Content-Location: ko.txt
Content-Transfer-Encoding: base64

{KO_EUCKR_B64}
--MM7-inner-lcs
Content-Type: text/plain; charset=iso-8859-1
Content-ID: <text-fr>
Content-Location: fr.txt
Content-Transfer-Encoding: quoted-printable

Caf=E9 cr=E8me =E0 Gen=E8ve, =E0 bient=F4t!
--MM7-inner-lcs--
--MM7-outer-lcs--
""", {
    "operation": "DeliverReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-0",
    "release": "REL-6-MM7-1-0",
    "mm7Version": "6.3.0",
    "transactionId": "dev-legacy-charset-text",
    "sender": {"number": "+447000002026"},
    "recipients": to({"shortCode": "80001"}),
    "subject": "Greetings",
    "parts": [
        {"contentType": "text/plain", "contentId": "text-zh", "contentLocation": "zh.txt",
         "size": len(ZH_TEXT.encode("gb2312"))},
        {"contentType": "text/plain", "contentId": "text-ko", "contentLocation": "ko.txt",
         "size": len(KO_TEXT.encode("euc-kr"))},
        {"contentType": "text/plain", "contentId": "text-fr", "contentLocation": "fr.txt",
         "size": len(FR_TEXT.encode("iso-8859-1"))},
    ],
    "findings": [],
}, raw={
    "{ZH_GB2312}": ZH_TEXT.encode("gb2312"),
    "{KO_EUCKR_B64}": base64.b64encode(KO_TEXT.encode("euc-kr")),
})

# elements-out-of-order: SubmitReq with Subject before Recipients and TimeStamp after
# DeliveryReport (schema order: ... Recipients, ServiceCode, ..., TimeStamp, ...,
# DeliveryReport, ..., Priority, Subject, ...).
case("deviations/elements-out-of-order", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-ord"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
--MM7-outer-ord
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-elements-out-of-order</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme</mm7:VASPID>
        <mm7:VASID>news</mm7:VASID>
        <mm7:SenderAddress>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:SenderAddress>
      </mm7:SenderIdentification>
      <mm7:Subject>Harbour bridge reopens</mm7:Subject>
      <mm7:Recipients>
        <mm7:To>
          <mm7:Number>+447000001027</mm7:Number>
        </mm7:To>
      </mm7:Recipients>
      <mm7:ServiceCode>news-daily</mm7:ServiceCode>
      <mm7:DeliveryReport>true</mm7:DeliveryReport>
      <mm7:TimeStamp>2024-05-14T09:30:00Z</mm7:TimeStamp>
      <mm7:Priority>Normal</mm7:Priority>
      <mm7:Content href="cid:content" allowAdaptations="true"/>
    </mm7:SubmitReq>
  </env:Body>
</env:Envelope>
--MM7-outer-ord
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-ord"
Content-ID: <content>

--MM7-inner-ord
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-ord
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{TEXT}
--MM7-inner-ord
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-ord--
--MM7-outer-ord--
""", {
    "operation": "SubmitReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-elements-out-of-order",
    "vaspId": "acme", "vasId": "news",
    "sender": {"shortCode": "80001"},
    "recipients": to({"number": "+447000001027"}),
    "subject": "Harbour bridge reopens",
    "parts": NEWS_PARTS,
    "findings": [{"code": "elements-out-of-order"}],
})

# recipients-mixed: SubmitReq (REL-5-MM7-1-2 / 5.3.0) whose recipient lists mix Number,
# RFC2822Address and ShortCode in any order, with Cc before To and To twice (legal: Recipients
# is a repeated choice of To, Cc and Bcc, each a repeated choice of the three address kinds).
case("deviations/recipients-mixed", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2" env:mustUnderstand="1">dev-recipients-mixed</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2">
      <mm7:MM7Version>5.3.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme</mm7:VASPID>
        <mm7:VASID>news</mm7:VASID>
      </mm7:SenderIdentification>
      <mm7:Recipients>
        <mm7:Cc>
          <mm7:RFC2822Address>desk@news.example.org</mm7:RFC2822Address>
        </mm7:Cc>
        <mm7:To>
          <mm7:Number>+447000001031</mm7:Number>
          <mm7:RFC2822Address>reader@example.org</mm7:RFC2822Address>
          <mm7:Number>+447000001032</mm7:Number>
        </mm7:To>
        <mm7:Bcc>
          <mm7:ShortCode>80001</mm7:ShortCode>
          <mm7:Number>+447000001033</mm7:Number>
        </mm7:Bcc>
        <mm7:To>
          <mm7:ShortCode>80002</mm7:ShortCode>
        </mm7:To>
      </mm7:Recipients>
      <mm7:ServiceCode>news-daily</mm7:ServiceCode>
      <mm7:Subject>Harbour bridge reopens</mm7:Subject>
    </mm7:SubmitReq>
  </env:Body>
</env:Envelope>
""", {
    "operation": "SubmitReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2",
    "release": "REL-5-MM7-1-2",
    "mm7Version": "5.3.0",
    "transactionId": "dev-recipients-mixed",
    "vaspId": "acme", "vasId": "news",
    "recipients": {
        "to": [{"number": "+447000001031"}, {"rfc2822": "reader@example.org"}, {"number": "+447000001032"},
               {"shortCode": "80002"}],
        "cc": [{"rfc2822": "desk@news.example.org"}],
        "bcc": [{"shortCode": "80001"}, {"number": "+447000001033"}],
    },
    "subject": "Harbour bridge reopens",
    "findings": [],
})

# address-bare-text: DeliverReq (REL-5-MM7-1-2 / 5.3.0) with <Sender>+44...</Sender>.
case("deviations/address-bare-text", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-abt"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic bW1zYzpyZWxheS1zZWNyZXQ=
""", """\
--MM7-outer-abt
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2" env:mustUnderstand="1">dev-address-bare-text</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:DeliverReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2">
      <mm7:MM7Version>5.3.0</mm7:MM7Version>
      <mm7:MMSRelayServerID>mmsc.example.com</mm7:MMSRelayServerID>
      <mm7:Sender>+447000002028</mm7:Sender>
      <mm7:Recipients>
        <mm7:To>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:To>
      </mm7:Recipients>
      <mm7:TimeStamp>2024-05-14T10:28:00Z</mm7:TimeStamp>
      <mm7:Subject>Photo from the match</mm7:Subject>
      <mm7:Content href="cid:content"/>
    </mm7:DeliverReq>
  </env:Body>
</env:Envelope>
--MM7-outer-abt
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-abt"
Content-ID: <content>

--MM7-inner-abt
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-abt
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{MO_TEXT}
--MM7-inner-abt
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-abt--
--MM7-outer-abt--
""", {
    "operation": "DeliverReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2",
    "release": "REL-5-MM7-1-2",
    "mm7Version": "5.3.0",
    "transactionId": "dev-address-bare-text",
    "sender": {"number": "+447000002028"},
    "recipients": to({"shortCode": "80001"}),
    "subject": "Photo from the match",
    "parts": MO_PARTS,
    "findings": [{"code": "address-bare-text"}],
})

# number-type-suffix: SubmitReq whose recipient numbers carry the MMS encapsulation
# "/TYPE=PLMN" suffix; the decoded numbers are without it.
case("deviations/number-type-suffix", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-nts"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
--MM7-outer-nts
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-number-type-suffix</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme</mm7:VASPID>
        <mm7:VASID>news</mm7:VASID>
        <mm7:SenderAddress>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:SenderAddress>
      </mm7:SenderIdentification>
      <mm7:Recipients>
        <mm7:To>
          <mm7:Number>+447000001029/TYPE=PLMN</mm7:Number>
          <mm7:Number>+447000001030/TYPE=PLMN</mm7:Number>
        </mm7:To>
      </mm7:Recipients>
      <mm7:ServiceCode>news-daily</mm7:ServiceCode>
      <mm7:Subject>Harbour bridge reopens</mm7:Subject>
      <mm7:Content href="cid:content" allowAdaptations="true"/>
    </mm7:SubmitReq>
  </env:Body>
</env:Envelope>
--MM7-outer-nts
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-nts"
Content-ID: <content>

--MM7-inner-nts
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-nts
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{TEXT}
--MM7-inner-nts
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-nts--
--MM7-outer-nts--
""", {
    "operation": "SubmitReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-number-type-suffix",
    "vaspId": "acme", "vasId": "news",
    "sender": {"shortCode": "80001"},
    "recipients": to({"number": "+447000001029"}, {"number": "+447000001030"}),
    "subject": "Harbour bridge reopens",
    "parts": NEWS_PARTS,
    "findings": [{"code": "number-type-suffix"}],
})

# boolean-capitalised: SubmitReq with DeliveryReport True, ReadReply False and
# allowAdaptations="True" (xs:boolean is true|false|1|0).
case("deviations/boolean-capitalised", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-boo"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
--MM7-outer-boo
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-boolean-capitalised</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme</mm7:VASPID>
        <mm7:VASID>news</mm7:VASID>
        <mm7:SenderAddress>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:SenderAddress>
      </mm7:SenderIdentification>
      <mm7:Recipients>
        <mm7:To>
          <mm7:Number>+447000001031</mm7:Number>
        </mm7:To>
      </mm7:Recipients>
      <mm7:ServiceCode>news-daily</mm7:ServiceCode>
      <mm7:MessageClass>Informational</mm7:MessageClass>
      <mm7:DeliveryReport>True</mm7:DeliveryReport>
      <mm7:ReadReply>False</mm7:ReadReply>
      <mm7:Subject>Harbour bridge reopens</mm7:Subject>
      <mm7:Content href="cid:content" allowAdaptations="True"/>
    </mm7:SubmitReq>
  </env:Body>
</env:Envelope>
--MM7-outer-boo
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-boo"
Content-ID: <content>

--MM7-inner-boo
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-boo
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{TEXT}
--MM7-inner-boo
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-boo--
--MM7-outer-boo--
""", {
    "operation": "SubmitReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-boolean-capitalised",
    "vaspId": "acme", "vasId": "news",
    "sender": {"shortCode": "80001"},
    "recipients": to({"number": "+447000001031"}),
    "subject": "Harbour bridge reopens",
    "parts": NEWS_PARTS,
    "findings": [{"code": "boolean-capitalised"}],
})

# whitespace-in-values: DeliverReq with newlines and blanks around the TransactionID and
# whitespace-only text inside the (empty-content) Content element.
case("deviations/whitespace-in-values", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: multipart/related; type="text/xml"; start="<soap-start>"; boundary="MM7-outer-wsp"
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic bW1zYzpyZWxheS1zZWNyZXQ=
""", """\
--MM7-outer-wsp
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">
      dev-whitespace-in-values
    </mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:DeliverReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:MMSRelayServerID>mmsc.example.com</mm7:MMSRelayServerID>
      <mm7:Sender>
        <mm7:Number>+447000002032</mm7:Number>
      </mm7:Sender>
      <mm7:Recipients>
        <mm7:To>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:To>
      </mm7:Recipients>
      <mm7:TimeStamp>2024-05-14T10:32:00Z</mm7:TimeStamp>
      <mm7:Subject>Photo from the match</mm7:Subject>
      <mm7:Content href="cid:content">
      </mm7:Content>
    </mm7:DeliverReq>
  </env:Body>
</env:Envelope>
--MM7-outer-wsp
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="MM7-inner-wsp"
Content-ID: <content>

--MM7-inner-wsp
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--MM7-inner-wsp
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{MO_TEXT}
--MM7-inner-wsp
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--MM7-inner-wsp--
--MM7-outer-wsp--
""", {
    "operation": "DeliverReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-whitespace-in-values",
    "sender": {"number": "+447000002032"},
    "recipients": to({"shortCode": "80001"}),
    "subject": "Photo from the match",
    "parts": MO_PARTS,
    "findings": [{"code": "whitespace-in-values"}, {"code": "text-in-empty-element"}],
})

# fault-children-qualified: the relay refuses a SubmitReq (HTTP 500, RSErrorRsp) with
# faultcode, faultstring and detail in the SOAP envelope namespace.
case("deviations/fault-children-qualified", """\
HTTP/1.1 500 Internal Server Error
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-fault-children-qualified</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <env:Fault>
      <env:faultcode>env:Client</env:faultcode>
      <env:faultstring>Address error</env:faultstring>
      <env:detail>
        <mm7:RSErrorRsp xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
          <mm7:MM7Version>6.8.0</mm7:MM7Version>
          <mm7:Status>
            <mm7:StatusCode>2002</mm7:StatusCode>
            <mm7:StatusText>Address error</mm7:StatusText>
          </mm7:Status>
        </mm7:RSErrorRsp>
      </env:detail>
    </env:Fault>
  </env:Body>
</env:Envelope>
""", {
    "operation": "RSErrorRsp",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-fault-children-qualified",
    "status": {"code": 2002, "text": "Address error"},
    "fault": {"code": "env:Client", "string": "Address error"},
    "findings": [{"code": "fault-children-qualified"}],
})

# faultcode-in-mm7-namespace: RSErrorRsp (REL-5-MM7-1-2 / 5.3.0) from a relay that declares
# the MM7 namespace as the default on the Envelope and writes faultcode, faultstring and
# detail unprefixed, so they land in the MM7 namespace.
case("deviations/faultcode-in-mm7-namespace", """\
HTTP/1.1 500 Internal Server Error
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2">
  <env:Header>
    <TransactionID env:mustUnderstand="1">dev-faultcode-in-mm7-namespace</TransactionID>
  </env:Header>
  <env:Body>
    <env:Fault>
      <faultcode>env:Client</faultcode>
      <faultstring>Message format corrupt</faultstring>
      <detail>
        <RSErrorRsp>
          <MM7Version>5.3.0</MM7Version>
          <Status>
            <StatusCode>2007</StatusCode>
            <StatusText>Message format corrupt</StatusText>
          </Status>
        </RSErrorRsp>
      </detail>
    </env:Fault>
  </env:Body>
</env:Envelope>
""", {
    "operation": "RSErrorRsp",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2",
    "release": "REL-5-MM7-1-2",
    "mm7Version": "5.3.0",
    "transactionId": "dev-faultcode-in-mm7-namespace",
    "status": {"code": 2007, "text": "Message format corrupt"},
    "fault": {"code": "env:Client", "string": "Message format corrupt"},
    "findings": [{"code": "faultcode-in-mm7-namespace"}],
})

# faultcode-unprefixed: the VASP refuses a DeliverReq (HTTP 500, VASPErrorRsp) with
# <faultcode>Client</faultcode> instead of a QName in the envelope namespace.
case("deviations/faultcode-unprefixed", """\
HTTP/1.1 500 Internal Server Error
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-faultcode-unprefixed</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <env:Fault>
      <faultcode>Client</faultcode>
      <faultstring>Multimedia content refused</faultstring>
      <detail>
        <mm7:VASPErrorRsp xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
          <mm7:MM7Version>6.8.0</mm7:MM7Version>
          <mm7:Status>
            <mm7:StatusCode>2004</mm7:StatusCode>
            <mm7:StatusText>Multimedia content refused</mm7:StatusText>
          </mm7:Status>
        </mm7:VASPErrorRsp>
      </detail>
    </env:Fault>
  </env:Body>
</env:Envelope>
""", {
    "operation": "VASPErrorRsp",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "mm7Version": "6.8.0",
    "transactionId": "dev-faultcode-unprefixed",
    "status": {"code": 2004, "text": "Multimedia content refused"},
    "fault": {"code": "Client", "string": "Multimedia content refused"},
    "findings": [{"code": "faultcode-unprefixed"}],
})

# fault-with-http-200: a correct RSErrorRsp fault (REL-6-MM7-1-0 / 6.3.0) sent with HTTP 200.
case("deviations/fault-with-http-200", """\
HTTP/1.1 200 OK
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-0" env:mustUnderstand="1">dev-fault-with-http-200</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <env:Fault>
      <faultcode>env:Client</faultcode>
      <faultstring>Improper identification</faultstring>
      <detail>
        <mm7:RSErrorRsp xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-0">
          <mm7:MM7Version>6.3.0</mm7:MM7Version>
          <mm7:Status>
            <mm7:StatusCode>4001</mm7:StatusCode>
            <mm7:StatusText>Improper identification</mm7:StatusText>
          </mm7:Status>
        </mm7:RSErrorRsp>
      </detail>
    </env:Fault>
  </env:Body>
</env:Envelope>
""", {
    "operation": "RSErrorRsp",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-0",
    "release": "REL-6-MM7-1-0",
    "mm7Version": "6.3.0",
    "transactionId": "dev-fault-with-http-200",
    "status": {"code": 4001, "text": "Improper identification"},
    "fault": {"code": "env:Client", "string": "Improper identification"},
    "findings": [{"code": "fault-with-http-200"}],
})

# status-only-in-faultstring: a Fault with no detail; the status code is only the leading
# number of the faultstring. There is no MM7Version anywhere in the message.
case("deviations/status-only-in-faultstring", """\
HTTP/1.1 500 Internal Server Error
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">dev-status-only-in-faultstring</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <env:Fault>
      <faultcode>env:Client</faultcode>
      <faultstring>2002 Address error</faultstring>
    </env:Fault>
  </env:Body>
</env:Envelope>
""", {
    "operation": "Fault",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
    "release": "REL-6-MM7-1-4",
    "transactionId": "dev-status-only-in-faultstring",
    "status": {"code": 2002, "text": "2002 Address error"},
    "fault": {"code": "env:Client", "string": "2002 Address error"},
    "findings": [{"code": "status-only-in-faultstring"}],
})

# ---------------------------------------------------------------------------------------------
# Rejected
# ---------------------------------------------------------------------------------------------

# pre-3gpp-rpc-encoded: a pre-3GPP SOAP RPC/encoded submit (urn:MM7Submit.Req, Version 5.2.0).
case("rejected/pre-3gpp-rpc-encoded", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
SOAPAction: "urn:MM7Submit.Req"
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" SOAP-ENV:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">
  <SOAP-ENV:Body>
    <ns1:MM7Submit.Req xmlns:ns1="urn:MM7Submit.Req">
      <Version xsi:type="xsd:string">5.2.0</Version>
      <TransactionID xsi:type="xsd:string">rej-pre-3gpp-rpc-encoded</TransactionID>
      <VASPID xsi:type="xsd:string">acme</VASPID>
      <VASID xsi:type="xsd:string">news</VASID>
      <SenderAddress xsi:type="xsd:string">80001</SenderAddress>
      <Recipients xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="xsd:string[1]">
        <item xsi:type="xsd:string">+447000001040</item>
      </Recipients>
      <Subject xsi:type="xsd:string">Harbour bridge reopens</Subject>
      <Content xsi:type="xsd:string">Acme News: the harbour bridge reopens on Monday at 06:00.</Content>
    </ns1:MM7Submit.Req>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>
""", {"rejected": True, "error": "pre-3gpp-dialect"})

# pre-3gpp-mm7submitreq: MM7SubmitReq with a Version element (5.2.0) instead of SubmitReq and
# MM7Version, even though it uses a 3GPP namespace.
case("rejected/pre-3gpp-mm7submitreq", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0" env:mustUnderstand="1">rej-pre-3gpp-mm7submitreq</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:MM7SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-0">
      <Version>5.2.0</Version>
      <VASPID>acme</VASPID>
      <VASID>news</VASID>
      <SenderAddress>80001</SenderAddress>
      <Recipients>
        <To>+447000001041</To>
      </Recipients>
      <Subject>Harbour bridge reopens</Subject>
      <Content>Acme News: the harbour bridge reopens on Monday at 06:00.</Content>
    </mm7:MM7SubmitReq>
  </env:Body>
</env:Envelope>
""", {"rejected": True, "error": "pre-3gpp-dialect"})

# not-well-formed: a DeliveryReportReq whose StatusText element is never closed.
case("rejected/not-well-formed", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">rej-not-well-formed</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:DeliveryReportReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:MMSRelayServerID>mmsc.example.com</mm7:MMSRelayServerID>
      <mm7:MessageID>mmsc-4711-0042</mm7:MessageID>
      <mm7:Recipient>
        <mm7:Number>+447000001042</mm7:Number>
      </mm7:Recipient>
      <mm7:Sender>
        <mm7:ShortCode>80001</mm7:ShortCode>
      </mm7:Sender>
      <mm7:Date>2024-05-14T09:42:00Z</mm7:Date>
      <mm7:MMStatus>Retrieved</mm7:MMStatus>
      <mm7:StatusText>Message retrieved
    </mm7:DeliveryReportReq>
  </env:Body>
</env:Envelope>
""", {"rejected": True, "error": "not-well-formed"})

# doctype-declared: a ReadReplyReq with a DOCTYPE declaring an internal entity that the body uses.
case("rejected/doctype-declared", """\
POST /mm7 HTTP/1.1
Host: vasp.example.org
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE env:Envelope [
  <!ENTITY status "Message read by the recipient">
]>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">rej-doctype-declared</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:ReadReplyReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:MMSRelayServerID>mmsc.example.com</mm7:MMSRelayServerID>
      <mm7:MessageID>mmsc-4711-0043</mm7:MessageID>
      <mm7:Recipient>
        <mm7:Number>+447000001043</mm7:Number>
      </mm7:Recipient>
      <mm7:Sender>
        <mm7:ShortCode>80001</mm7:ShortCode>
      </mm7:Sender>
      <mm7:TimeStamp>2024-05-14T11:43:00Z</mm7:TimeStamp>
      <mm7:MMStatus>Read</mm7:MMStatus>
      <mm7:StatusText>&status;</mm7:StatusText>
    </mm7:ReadReplyReq>
  </env:Body>
</env:Envelope>
""", {"rejected": True, "error": "doctype-forbidden"})

# href-unresolved-strict: the message of deviations/href-unresolved, decoded in strict mode.
case("rejected/href-unresolved-strict", HREF_UNRESOLVED_HEAD, HREF_UNRESOLVED_BODY,
     {"rejected": True, "error": "unresolved-content-reference", "strict": True})

# not-soap: well-formed XML that is not a SOAP envelope (a bare SubmitReq as the document root).
case("rejected/not-soap", """\
POST /mm7 HTTP/1.1
Host: mmsc.example.com
Content-Type: text/xml; charset=utf-8
Content-Length: {CONTENT_LENGTH}
SOAPAction: ""
Authorization: Basic YWNtZTpzZWNyZXQ=
""", """\
<?xml version="1.0" encoding="UTF-8"?>
<mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
  <mm7:MM7Version>6.8.0</mm7:MM7Version>
  <mm7:SenderIdentification>
    <mm7:VASPID>acme</mm7:VASPID>
    <mm7:VASID>news</mm7:VASID>
  </mm7:SenderIdentification>
  <mm7:Recipients>
    <mm7:To>
      <mm7:Number>+447000001044</mm7:Number>
    </mm7:To>
  </mm7:Recipients>
  <mm7:Subject>Harbour bridge reopens</mm7:Subject>
</mm7:SubmitReq>
""", {"rejected": True, "error": "not-soap"})


# ---------------------------------------------------------------------------------------------
# Captures: what published MM7 captures look like, not whole HTTP messages (`mm7 inspect` reads
# them; a server never sees them). Written as src/corpus/captures/<case>.capture.
# {PAD} is a delimiter line's transport padding (blanks after the boundary, RFC 2046 5.1.1).
# ---------------------------------------------------------------------------------------------

CAPTURES = []


def capture(path, body, expected, raw=None):
    CAPTURES.append((path, body, expected, raw or {}))


def build_capture(body, raw):
    body = body.replace("{PAD}", " \t ")
    for token, value in TEXT_TOKENS.items():
        body = body.replace(token, value)
    raw_tokens = dict(RAW_TOKENS, **raw)
    left = set(re.findall(r"\{[A-Z0-9_]+\}", body)) - set(raw_tokens)
    assert not left, "unreplaced tokens: %s" % left
    data = crlf(body).encode("utf-8")
    for token, value in raw_tokens.items():
        data = data.replace(token.encode("ascii"), value)
    return data


SUBMIT_ENVELOPE = """<?xml version="1.0" encoding="UTF-8"?>
<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/">
  <env:Header>
    <mm7:TransactionID xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4" env:mustUnderstand="1">{TX}</mm7:TransactionID>
  </env:Header>
  <env:Body>
    <mm7:SubmitReq xmlns:mm7="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4">
      <mm7:MM7Version>6.8.0</mm7:MM7Version>
      <mm7:SenderIdentification>
        <mm7:VASPID>acme</mm7:VASPID>
        <mm7:VASID>news</mm7:VASID>
        <mm7:SenderAddress>
          <mm7:ShortCode>80001</mm7:ShortCode>
        </mm7:SenderAddress>
      </mm7:SenderIdentification>
      <mm7:Recipients>
        <mm7:To>
          <mm7:Number>+447000001041</mm7:Number>
        </mm7:To>
      </mm7:Recipients>
      <mm7:ServiceCode>news-daily</mm7:ServiceCode>
      <mm7:Subject>Harbour bridge reopens</mm7:Subject>
      <mm7:Content href="cid:content" allowAdaptations="true"/>
    </mm7:SubmitReq>
  </env:Body>
</env:Envelope>"""


def submit_expected(tx, findings, parts=None):
    e = {
        "operation": "SubmitReq",
        "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4",
        "release": "REL-6-MM7-1-4",
        "mm7Version": "6.8.0",
        "transactionId": tx,
        "vaspId": "acme", "vasId": "news",
        "sender": {"shortCode": "80001"},
        "recipients": to({"number": "+447000001041"}),
        "subject": "Harbour bridge reopens",
    }
    if parts is None:
        e["contentCaptured"] = False
    else:
        e["parts"] = parts
    e["findings"] = [{"code": c} for c in findings]
    return e


def news_multipart(outer, inner, soap, pad=""):
    """A SubmitReq body: SOAP part, then a multipart/related content part (SMIL, text, image)."""
    return """--{O}{PAD}
Content-Type: text/xml; charset=utf-8
Content-ID: <soap-start>

{SOAP}
--{O}{PAD}
Content-Type: multipart/related; type="application/smil"; start="<smil>"; boundary="{I}"
Content-ID: <content>

--{I}
Content-Type: application/smil; charset=utf-8
Content-ID: <smil>
Content-Location: presentation.smil

{SMIL}
--{I}
Content-Type: text/plain; charset=us-ascii
Content-ID: <text1>
Content-Location: text1.txt

{TEXT}
--{I}
Content-Type: image/png
Content-ID: <img1>
Content-Location: img1.png
Content-Transfer-Encoding: base64

{PNG_B64}
--{I}--
--{O}--{PAD}
""".replace("{O}", outer).replace("{I}", inner).replace("{SOAP}", soap).replace("{PAD}", pad)


# multipart-from-first-delimiter: the body of a SubmitReq as most published captures show it,
# from its first delimiter line on, with no HTTP head and so no Content-Type or boundary.
capture("captures/multipart-from-first-delimiter",
        news_multipart("MM7-outer-cap1", "MM7-inner-cap1", SUBMIT_ENVELOPE.replace("{TX}", "cap-first-delimiter")),
        submit_expected("cap-first-delimiter", ["boundary-inferred"], NEWS_PARTS))

# multipart-padded-delimiters: blank lines before the first delimiter, blanks after every outer
# delimiter (transport padding), and a boundary that itself starts with "--" (as JavaMail's
# "----=_Part_..." delimiter lines have it).
capture("captures/multipart-padded-delimiters",
        "\n\n" + news_multipart("--=_Part_7_1618033.1716000000000", "--=_Part_8_3141592.1716000000000",
                                SUBMIT_ENVELOPE.replace("{TX}", "cap-padded-delimiters"), pad="{PAD}"),
        submit_expected("cap-padded-delimiters", ["boundary-inferred"], NEWS_PARTS))

# multipart-blank-lines-before-xml-declaration: a headless capture whose SOAP part has blank
# lines between its headers' end and <?xml (XML 1.0 wants the declaration first).
capture("captures/multipart-blank-lines-before-xml-declaration",
        news_multipart("MM7-outer-cap3", "MM7-inner-cap3",
                       "\n\n" + SUBMIT_ENVELOPE.replace("{TX}", "cap-blank-lines-before-declaration")),
        submit_expected("cap-blank-lines-before-declaration", ["boundary-inferred", "whitespace-before-xml-declaration"],
                        NEWS_PARTS))

# soap-envelope-content-not-captured: only the SOAP envelope of a SubmitReq was captured; its
# Content href names an attachment the capture does not hold.
capture("captures/soap-envelope-content-not-captured",
        SUBMIT_ENVELOPE.replace("{TX}", "cap-envelope-only") + "\n",
        submit_expected("cap-envelope-only", ["content-not-captured"]))

# deliver-envelope-indented-content-not-captured: the SOAP envelope of a DeliverReq as pasted
# from a log: indented, blank lines before <?xml, the content left out.
capture("captures/deliver-envelope-indented-content-not-captured", """

    <?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">
  <soapenv:Header>
    <TransactionID xmlns="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2" soapenv:mustUnderstand="1">cap-deliver-indented</TransactionID>
  </soapenv:Header>
  <soapenv:Body>
    <DeliverReq xmlns="http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2">
      <MM7Version>5.3.0</MM7Version>
      <MMSRelayServerID>mmsc.example.com</MMSRelayServerID>
      <LinkedID>mmsc-4711-0042</LinkedID>
      <Sender>
        <Number>+447000001042</Number>
      </Sender>
      <Recipients>
        <To>
          <ShortCode>80001</ShortCode>
        </To>
      </Recipients>
      <TimeStamp>2024-05-14T10:02:11Z</TimeStamp>
      <Subject>Photo from the match</Subject>
      <Content href="cid:mo-content"/>
    </DeliverReq>
  </soapenv:Body>
</soapenv:Envelope>
""", {
    "operation": "DeliverReq",
    "namespace": "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-5-MM7-1-2",
    "release": "REL-5-MM7-1-2",
    "mm7Version": "5.3.0",
    "transactionId": "cap-deliver-indented",
    "linkedId": "mmsc-4711-0042",
    "sender": {"number": "+447000001042"},
    "recipients": to({"shortCode": "80001"}),
    "subject": "Photo from the match",
    "contentCaptured": False,
    "findings": [{"code": "whitespace-before-xml-declaration"}, {"code": "content-not-captured"}],
})


def main():
    for path, body, expected, raw in CAPTURES:
        target = os.path.join(CORPUS, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target + ".capture", "wb") as f:
            f.write(build_capture(body, raw))
        with open(target + ".expected.json", "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(expected, indent=2, ensure_ascii=False) + "\n")
        print(path)
    for path, head, body, expected, raw, length_delta in CASES:
        target = os.path.join(CORPUS, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target + ".http", "wb") as f:
            f.write(build(head, body, raw, length_delta))
        with open(target + ".expected.json", "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(expected, indent=2, ensure_ascii=False) + "\n")
        print(path)


if __name__ == "__main__":
    main()
