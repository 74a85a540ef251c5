#!/usr/bin/env python3
"""Writes src/corpus/hostile/: malicious or broken MM7 requests (and, under responses/, replies),
each with its expected outcome, and the README table that lists them.

Each case is (name, why, expected, message). A message is either bytes (written as NAME.http)
or a generator descriptor (a dict, written as NAME.gen, JSON) that the tests expand into a
stream at test time, so that 100 MB cases cost a few hundred bytes in git.

Placeholders, replaced by the tests before a message is sent or decoded:
  @SECRET_FILE@     absolute path of a temporary file holding a unique marker (XXE targets)
  @CANARY_URL@      http://127.0.0.1:PORT of a local ServerSocket that must never be connected to
  @CONTENT_LENGTH@  the body's length in bytes after the other substitutions
Files without placeholders are complete requests: `./mm7 inspect FILE` and `curl --data-binary`
work on them as they are.

Expected outcome (NAME.expected.json):
  http    the stub's HTTP status
  status  the MM7 StatusCode of the stub's fault, or null (no MM7 answer: plain HTTP error)
  reason  the decoder's reason the stub recorded, or null (refused by Jetty before the codec)
  codec   what Mm7Codec.decodeCapture (and `mm7 inspect`) says of the same file, when that
          differs from `reason`: another reason, or "accepted" (the capture itself is readable:
          the HTTP framing that the server refuses is not the codec's business)

Run:  python3 src/corpus/tools/make_hostile.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "hostile")
RESP = os.path.join(OUT, "responses")

NS = "http://www.3gpp.org/ftp/Specs/archive/23_series/23.140/schema/REL-6-MM7-1-4"
ENV = "http://schemas.xmlsoap.org/soap/envelope/"

def crlf(s):
    return s.replace("\r\n", "\n").replace("\n", "\r\n")

def submit_body(subject="Hostile", extra_env_attrs="", tx="hostile-1", header_extra="", op_extra="",
                before_root="", prolog='<?xml version="1.0" encoding="UTF-8"?>'):
    return (prolog + before_root +
        f'<env:Envelope xmlns:env="{ENV}"{extra_env_attrs}>'
        f'<env:Header><mm7:TransactionID xmlns:mm7="{NS}" env:mustUnderstand="1">{tx}</mm7:TransactionID>{header_extra}</env:Header>'
        f'<env:Body><mm7:SubmitReq xmlns:mm7="{NS}"><mm7:MM7Version>6.8.0</mm7:MM7Version>'
        '<mm7:SenderIdentification><mm7:VASPID>acme</mm7:VASPID><mm7:VASID>news</mm7:VASID></mm7:SenderIdentification>'
        '<mm7:Recipients><mm7:To><mm7:Number>+447000000002</mm7:Number></mm7:To></mm7:Recipients>'
        f'{op_extra}<mm7:Subject>{subject}</mm7:Subject></mm7:SubmitReq></env:Body></env:Envelope>')

def split_body(body):
    """Splits a valid SubmitReq body around the Subject text, for generators."""
    i = body.index("<mm7:Subject>") + len("<mm7:Subject>")
    j = body.index("</mm7:Subject>")
    return body[:i], body[j:]

def head(ctype="text/xml; charset=utf-8", length=None, method="POST", path="/mm7", version="HTTP/1.1",
         extra=""):
    h = f"{method} {path} {version}\r\nHost: relay.example.net\r\nSOAPAction: \"\"\r\n"
    if ctype is not None:
        h += f"Content-Type: {ctype}\r\n"
    if length is not None:
        h += f"Content-Length: {length}\r\n"
    return h + extra

def http(body, ctype="text/xml; charset=utf-8", length="auto", **kw):
    if isinstance(body, str):
        body = body.encode("utf-8")
    n = len(body) if length == "auto" else length
    return (head(ctype, n, **kw) + "\r\n").encode("latin-1") + body

def related(parts, boundary="hostile-b", start="<soap@h>", outer_extra=""):
    """A multipart/related request from (headers, body-bytes) parts; returns (ctype, body)."""
    out = b""
    for h, b in parts:
        out += f"--{boundary}\r\n".encode() + crlf(h).encode("latin-1") + b"\r\n" + b + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    ct = f'multipart/related; type="text/xml"; start="{start}"; boundary="{boundary}"{outer_extra}'
    return ct, out

SOAP_HEADERS = "Content-Type: text/xml; charset=utf-8\nContent-ID: <soap@h>\n"

def with_content(subject="Hostile", href="cid:content@h"):
    return submit_body(subject=subject, op_extra="").replace(
        "</mm7:Subject>", f'</mm7:Subject><mm7:Content href="{href}" allowAdaptations="true"/>')

def gen(head_text, segments, chunked=False):
    return {"head": head_text, "body": segments}

def T(s):
    return {"text": s}

def R(s, n):
    return {"repeat": s, "count": n}

def exp(http_status, status, reason, codec=None):
    e = {"http": http_status, "status": status, "reason": reason}
    if codec is not None:
        e["codec"] = codec
    return e

F2007 = lambda r, **k: exp(500, 2007, r, **k)
F4004 = lambda r, **k: exp(500, 4004, r, **k)
F2004 = lambda r, **k: exp(500, 2004, r, **k)
F4002 = lambda r, **k: exp(500, 4002, r, **k)
F4003 = lambda r, **k: exp(500, 4003, r, **k)

CASES = []
def case(name, why, expected, message):
    CASES.append((name, why, expected, message))

RESPONSES = []
def response(name, why, reason, message):
    RESPONSES.append((name, why, reason, message))

# ------------------------------------------------------------------ XML: entities, DTDs, includes
case("xxe-local-file", "DOCTYPE with an external entity naming a local file, used in Subject",
     F2007("doctype-forbidden"),
     http(submit_body(subject="&xxe;", before_root='<!DOCTYPE env:Envelope [<!ENTITY xxe SYSTEM "file://@SECRET_FILE@">]>'),
          length="@CONTENT_LENGTH@"))
case("xxe-local-file-no-prolog", "the same XXE without an XML declaration, so the DOCTYPE comes first",
     F2007("doctype-forbidden"),
     http(submit_body(subject="&xxe;", prolog="", before_root='<!DOCTYPE env:Envelope [<!ENTITY xxe SYSTEM "file://@SECRET_FILE@">]>'),
          length="@CONTENT_LENGTH@"))
case("xxe-parameter-entity", "a parameter entity pulling a remote DTD (out-of-band exfiltration)",
     F2007("doctype-forbidden"),
     http(submit_body(before_root='<!DOCTYPE env:Envelope [<!ENTITY % p SYSTEM "@CANARY_URL@/p.dtd"> %p;]>'),
          length="@CONTENT_LENGTH@"))
case("xxe-remote-entity", "a general external entity on the canary URL, used in Subject",
     F2007("doctype-forbidden"),
     http(submit_body(subject="&r;", before_root='<!DOCTYPE env:Envelope [<!ENTITY r SYSTEM "@CANARY_URL@/r">]>'),
          length="@CONTENT_LENGTH@"))
case("external-dtd", "DOCTYPE with a SYSTEM identifier: an external DTD to fetch",
     F2007("doctype-forbidden"),
     http(submit_body(before_root='<!DOCTYPE env:Envelope SYSTEM "@CANARY_URL@/mm7.dtd">'), length="@CONTENT_LENGTH@"))
case("external-dtd-public", "DOCTYPE with a PUBLIC identifier and a URL",
     F2007("doctype-forbidden"),
     http(submit_body(before_root='<!DOCTYPE env:Envelope PUBLIC "-//EVIL//DTD MM7//EN" "@CANARY_URL@/pub.dtd">'),
          length="@CONTENT_LENGTH@"))
lol = '<!DOCTYPE env:Envelope [<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + "]>"
case("billion-laughs", "nested entity expansion: 10^9 'lol's from a 1 KB DTD",
     F2007("doctype-forbidden"), http(submit_body(subject="&lol9;", before_root=lol)))
case("quadratic-blowup", "one 20 KB entity referenced 2,000 times (no nesting, 40 MB expanded)",
     F2007("doctype-forbidden"),
     http(submit_body(subject="&a;" * 2000, before_root='<!DOCTYPE env:Envelope [<!ENTITY a "' + "x" * 20000 + '">]>')))
case("entity-undeclared", "an entity reference with no DTD at all",
     F2007("not-well-formed"), http(submit_body(subject="&undeclared;")))
case("xinclude-local-file", "an XInclude of a local file inside the operation: never processed; the unknown element is ignored (lenient) and the message accepted",
     exp(200, 1000, None),
     http(submit_body(op_extra='<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://@SECRET_FILE@" parse="text"/>'),
          length="@CONTENT_LENGTH@"))
case("xsi-schemalocation-url", "xsi:schemaLocation pointing at the canary URL: legal XML, must not be fetched; the message is otherwise valid and is accepted",
     exp(200, 1000, None),
     http(submit_body(extra_env_attrs=f' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{NS} @CANARY_URL@/mm7.xsd"'),
          length="@CONTENT_LENGTH@"))
case("processing-instruction-stylesheet", "an xml-stylesheet PI on the canary URL (SOAP 1.1 forbids PIs)",
     F2007("processing-instruction-forbidden"),
     http(submit_body(before_root='<?xml-stylesheet type="text/xsl" href="@CANARY_URL@/x.xsl"?>'), length="@CONTENT_LENGTH@"))
case("processing-instruction-in-body", "a processing instruction inside the SOAP Body",
     F2007("processing-instruction-forbidden"),
     http(submit_body(op_extra="<?evil rm -rf /?>")))
case("content-href-file-url", "Content href naming a local file instead of a cid: (must not be opened)",
     F2007("unresolved-content-reference"),
     http(with_content(href="file://@SECRET_FILE@"), length="@CONTENT_LENGTH@"))
case("content-href-http-url", "Content href on the canary URL (must not be fetched)",
     F2007("unresolved-content-reference"),
     http(with_content(href="@CANARY_URL@/content"), length="@CONTENT_LENGTH@"))

# ------------------------------------------------------------------ XML: size and shape bombs
pre, post = split_body(submit_body())
H_XML = head("text/xml; charset=utf-8", "@CONTENT_LENGTH@") + "\r\n"
case("nesting-10000-deep", "10,000 nested elements inside the Subject",
     F2007("nesting-too-deep"), gen(H_XML, [T(pre), R("<a>", 10000), R("</a>", 10000), T(post)]))
case("nesting-100000-deep-unclosed", "100,000 open elements that never close",
     F2007("nesting-too-deep"), gen(H_XML, [T(pre), R("<a>", 100000)]))
case("attributes-10000", "one element with 10,000 attributes",
     F2007("too-many-attributes"),
     http(submit_body(subject='<x ' + " ".join(f'a{i}="v"' for i in range(10000)) + '/>')))
case("attributes-many-elements", "9,000 elements with 60 attributes each, in a 4 MB SOAP part: memory, not counts",
     F2007("too-many-attributes"),
     gen(H_XML, [T(pre), R('<x ' + " ".join(f'a{i}=""' for i in range(60)) + '/>', 9000), T(post)]))
txa, txb = pre.split(">hostile-1<")
case("attribute-value-1mb", "a 1 MB attribute value on the TransactionID",
     F2007("value-too-long"), gen(H_XML, [T(txa + ' big="'), R("A", 1 << 20), T('">hostile-1<' + txb), T(post)]))
case("namespace-declarations-10000", "10,000 namespace declarations on one element",
     F2007("too-many-namespace-declarations"),
     http(submit_body(subject='<x ' + " ".join(f'xmlns:p{i}="urn:p{i}"' for i in range(10000)) + '/>')))
case("namespace-declarations-deep", "60 nested elements declaring 60 namespaces each (per-element limit not hit; scope lookups stay cheap)",
     F2007("too-many-namespace-declarations"),
     http(submit_body(subject="".join('<x ' + " ".join(f'xmlns:p{i}="urn:p{i}"' for i in range(60)) + '>' for _ in range(60)) + "</x>" * 60)))
case("text-3mb-subject", "a 3 MB Subject (text)",
     F2007("value-too-long"), gen(H_XML, [T(pre), R("S", 3 << 20), T(post)]))
case("cdata-bomb", "a 3 MB CDATA section in the Subject",
     F2007("value-too-long"), gen(H_XML, [T(pre + "<![CDATA["), R("]>", 3 << 19), T("]]>" + post)]))
case("cdata-sections-100000", "60,000 CDATA sections of 42 bytes coalesced into one value",
     F2007("value-too-long"), gen(H_XML, [T(pre), R("<![CDATA[xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx]]>", 60000), T(post)]))
case("elements-200000", "200,000 empty sibling elements",
     F2007("too-many-elements"), gen(H_XML, [T(pre), R("<a/>", 200000), T(post)]))
case("recipients-60000", "60,000 recipients (120,000 elements)",
     F2007("too-many-elements"),
     gen(H_XML, [T(pre.split("<mm7:Recipients>")[0] + "<mm7:Recipients>"),
                 R("<mm7:To><mm7:Number>+447000000002</mm7:Number></mm7:To>", 60000),
                 T("</mm7:Recipients>" + pre.split("</mm7:Recipients>")[1]), T(post)]))
case("element-name-100kb", "an element name of 100,000 characters",
     F2007("not-well-formed"), http(submit_body(subject="<" + "n" * 100000 + "/>")))
case("transaction-id-1mb", "a 2 MB TransactionID (echoed in answers)",
     F2007("value-too-long"), gen(H_XML, [T(txa + ">"), R("T", 2 << 20), T("<" + txb), T(post)]))
case("soap-part-100mb", "a 100 MB SOAP part (text/xml, with Content-Length)",
     F2004("size-limit-exceeded"), gen(H_XML, [T(pre), R("x" * 1024, 100 * 1024), T(post)]))
case("soap-part-100mb-chunked", "a 100 MB SOAP part sent chunked (no Content-Length to refuse it early)",
     F2004("size-limit-exceeded"),
     gen(head("text/xml; charset=utf-8", None, extra="Transfer-Encoding: chunked\r\n") + "\r\n",
         [T("%x\r\n%s\r\n" % (len(pre), pre)), R("400\r\n" + "x" * 1024 + "\r\n", 100 * 1024),
          T("%x\r\n%s\r\n0\r\n\r\n" % (len(post), post))]))
case("comment-between-every-element", "a comment 1 KB long between 3,000 elements (comments are allowed; elements are what is counted)",
     exp(200, 1000, None),
     http(submit_body().replace("<mm7:MM7Version>", "<!--" + "c" * 1000 + "--><mm7:MM7Version>")))

# ------------------------------------------------------------------ XML: encoding games
def xml_bytes(body_text, enc="utf-8"):
    return body_text.encode(enc)

ok = submit_body()
case("invalid-utf8", "a byte sequence that is not UTF-8 (0xC3 0x28) in a part labelled charset=utf-8",
     F2007("not-well-formed"), http(ok.encode().replace(b"Hostile", b"Host\xc3\x28ile")))
case("invalid-utf8-unlabelled", "invalid UTF-8 in a text/xml body with no charset",
     F2007("not-well-formed"), http(ok.encode().replace(b"Hostile", b"Host\xff\xfeile"), ctype="text/xml"))
case("overlong-utf8", "an overlong UTF-8 encoding of '<' (0xC0 0xBC) to smuggle markup",
     F2007("not-well-formed"), http(ok.encode().replace(b"Hostile", b"\xc0\xbcb\xc0\xbe")))
case("utf8-surrogate", "a UTF-8 encoded surrogate (0xED 0xA0 0x80)",
     F2007("not-well-formed"), http(ok.encode().replace(b"Hostile", b"\xed\xa0\x80")))
case("nul-bytes", "NUL bytes inside the Subject",
     F2007("not-well-formed"), http(ok.encode().replace(b"Hostile", b"Ho\x00\x00stile")))
case("nul-bytes-everywhere", "a NUL after every byte of the SOAP part (UTF-16 without BOM, labelled utf-8)",
     F2007("not-well-formed"), http(ok.encode("utf-16-le")))
case("control-characters", "C0 control characters (0x01, 0x1B) in text, which XML 1.0 forbids",
     F2007("not-well-formed"), http(ok.encode().replace(b"Hostile", b"\x01\x1b[31mred")))
case("char-ref-invalid", "character references to &#0; and &#xFFFFFFFF;",
     F2007("not-well-formed"), http(submit_body(subject="&#0;&#xFFFFFFFF;")))
case("utf16-declared-utf32", "an XML prolog saying UTF-32 over UTF-8 bytes, no charset label",
     F2007("not-well-formed"), http(ok.replace('encoding="UTF-8"', 'encoding="UTF-32"'), ctype="text/xml"))
case("bom-utf8-then-utf16", "a UTF-8 byte-order mark followed by UTF-16LE text",
     F2007("not-well-formed"), http(b"\xef\xbb\xbf" + ok.encode("utf-16-le")))
case("bom-utf16-labelled-utf8", "a UTF-16BE BOM and UTF-16BE bytes in a part labelled charset=utf-8 (the BOM wins, XML 1.0 Appendix F; the message is valid)",
     exp(200, 1000, None), http(b"\xfe\xff" + ok.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16-be")))
case("bom-twice", "two UTF-8 byte-order marks: the second is a character before the prolog",
     F2007("not-well-formed"), http(b"\xef\xbb\xbf\xef\xbb\xbf" + ok.encode()))
case("charset-unknown", "charset=x-no-such-charset on the SOAP part: the label is ignored and the XML declaration decides (accepted)",
     exp(200, 1000, None), http(ok, ctype="text/xml; charset=x-no-such-charset"))
case("xml-declaration-not-first", "blank lines before the XML declaration: skipped, with a finding (accepted)",
     exp(200, 1000, None), http("\n\n" + ok))
case("xml-version-1.1", "XML 1.1 with a control character reference that 1.1 allows (&#1;)",
     F2007("not-well-formed"), http(submit_body(subject="&#1;", prolog='<?xml version="1.1" encoding="UTF-8"?>')))

# ------------------------------------------------------------------ SOAP and MM7 level
case("soap-1.2", "a SOAP 1.2 envelope (MM7 is SOAP 1.1)",
     F4002("soap-1.2"), http(ok.replace(ENV, "http://www.w3.org/2003/05/soap-envelope"), ctype="application/soap+xml; charset=utf-8"))
case("not-soap-html", "an HTML page instead of SOAP",
     F2007("not-well-formed"), http("<html><body><p>hello<br></body></html>", ctype="text/html"))
case("not-soap-json", "a JSON body labelled text/xml",
     F2007("not-well-formed"), http('{"SubmitReq": {"to": "+44"}}'))
case("empty-body", "Content-Length 0",
     F2007("not-well-formed"), http(b""))
case("whitespace-body", "a body of blanks and line ends only",
     F2007("not-well-formed"), http(b" \r\n\t \r\n" * 100))
case("empty-soap-body", "an Envelope whose Body is empty",
     F2007("empty-body"), http(f'<env:Envelope xmlns:env="{ENV}"><env:Body/></env:Envelope>'))
case("envelope-without-body", "an Envelope with a Header only",
     F2007("not-soap"), http(f'<env:Envelope xmlns:env="{ENV}"><env:Header/></env:Envelope>'))
case("two-envelopes", "two Envelopes, one after the other",
     F2007("not-well-formed"), http(ok + ok.replace('<?xml version="1.0" encoding="UTF-8"?>', "")))
case("truncated-xml", "the SOAP part cut in the middle of a tag",
     F2007("not-well-formed"), http(ok[: len(ok) // 2]))
case("unknown-operation", "an operation element MM7 does not have",
     F4003("unknown-operation"), http(ok.replace("SubmitReq", "DropTablesReq")))
case("foreign-namespace", "the operation in an http namespace that is no MM7 release",
     F4002("unknown-namespace"), http(ok.replace(f'<mm7:SubmitReq xmlns:mm7="{NS}"', '<mm7:SubmitReq xmlns:mm7="http://evil.example/mm7"')))
case("must-understand-unknown-header", "a mustUnderstand header that is no MM7 header",
     F4004("must-understand"),
     http(submit_body(header_extra='<x:Evil xmlns:x="urn:evil" env:mustUnderstand="1">1</x:Evil>')))
case("undeclared-prefix", "an attribute with a prefix that no xmlns declares",
     F2007("not-well-formed"), http(submit_body(subject='<x foo:bar="1"/>')))
case("duplicate-attribute", "the same attribute twice on one element",
     F2007("not-well-formed"), http(submit_body(subject='<x a="1" a="2"/>')))
case("fault-sent-to-relay", "a SOAP Fault (RSErrorRsp) sent as a request",
     exp(500, 4003, None, codec="accepted"),
     http(f'<env:Envelope xmlns:env="{ENV}"><env:Body><env:Fault><faultcode>env:Client</faultcode><faultstring>x</faultstring></env:Fault></env:Body></env:Envelope>'))
case("date-year-999999999", "an EarliestDeliveryTime in year 999999999",
     F4004("validation-error"),
     http(submit_body(op_extra="<mm7:EarliestDeliveryTime>999999999-01-01T00:00:00Z</mm7:EarliestDeliveryTime>")))
case("duration-overflow", "an ExpiryDate duration of 10^20 years",
     F4004("validation-error"),
     http(submit_body(op_extra="<mm7:ExpiryDate>P99999999999999999999Y</mm7:ExpiryDate>")))
case("reply-charging-size-overflow", "replyChargingSize beyond a long",
     F4004("validation-error"),
     http(submit_body(op_extra='<mm7:ReplyCharging replyChargingSize="99999999999999999999999"/>')))
case("rpc-encoded-href-bomb", "a SOAP-encoded multiRef graph that refers to itself (pre-3GPP RPC style)",
     F4002("unknown-namespace"),
     http(f'<env:Envelope xmlns:env="{ENV}"><env:Body><ns1:SubmitReq xmlns:ns1="urn:MM7Submit"><a href="#id0"/></ns1:SubmitReq>'
          '<multiRef id="id0"><b href="#id0"/></multiRef></env:Body></env:Envelope>'))

# ------------------------------------------------------------------ MIME
soap_ok = with_content().encode()
text_part = ("Content-Type: text/plain; charset=utf-8\nContent-ID: <content@h>\n", b"hello")

ct, body = related([(SOAP_HEADERS, soap_ok), text_part])
case("unclosed-boundary", "a multipart whose close delimiter never comes",
     F2007("unterminated-multipart"), http(body[: body.rindex(b"--hostile-b--")], ctype=ct))
case("boundary-never-appears", "multipart/related whose boundary is never in the body",
     F2007("unterminated-multipart"), http(soap_ok, ctype=ct))
case("no-parts", "a multipart with only its close delimiter",
     F2007("empty-multipart"), http(b"--hostile-b--\r\n", ctype=ct))
case("boundary-empty", "boundary=\"\" around a MIME body (not bare XML)",
     F2007("multipart-without-boundary"), http(body, ctype='multipart/related; type="text/xml"; boundary=""'))
ct2, inner = related([text_part], boundary="hostile-b")
case("boundary-inside-boundary", "a nested multipart that reuses its parent's boundary",
     F2007("unterminated-multipart"),
     http(related([(SOAP_HEADERS, soap_ok),
                   ("Content-Type: multipart/mixed; boundary=\"hostile-b\"\nContent-ID: <content@h>\n", inner)])[1], ctype=ct))
nest = b"hello"
nest_hdr = "Content-Type: text/plain\n"
for i in range(100):
    b_ = f"n{i}"
    nest = (f"--{b_}\r\n" + crlf(nest_hdr) + "\r\n").encode() + nest + f"\r\n--{b_}--\r\n".encode()
    nest_hdr = f'Content-Type: multipart/mixed; boundary="{b_}"\n'
case("multipart-nesting-100-deep", "multiparts nested 100 deep",
     F2007("nesting-too-deep"),
     http(related([(SOAP_HEADERS, soap_ok), (nest_hdr + "Content-ID: <content@h>\n", nest)])[1], ctype=ct))
case("parts-100000", "100,000 tiny parts",
     F2004("too-many-parts"),
     gen(head(ct, "@CONTENT_LENGTH@") + "\r\n",
         [T(f"--hostile-b\r\n" + crlf(SOAP_HEADERS) + "\r\n" + soap_ok.decode() + "\r\n"),
          R("--hostile-b\r\nContent-Type: text/plain\r\n\r\nx\r\n", 100000), T("--hostile-b--\r\n")]))
case("part-headers-10000", "a part with 10,000 header lines",
     F2007("header-too-long"),
     http(related([(SOAP_HEADERS, soap_ok), (text_part[0] + "X-H: v\n" * 10000, b"x")])[1], ctype=ct))
case("part-header-line-1mb", "a 1 MB MIME part header line",
     F2007("header-too-long"),
     gen(head(ct, "@CONTENT_LENGTH@") + "\r\n",
         [T(f"--hostile-b\r\n" + crlf(SOAP_HEADERS) + "\r\n" + soap_ok.decode() + "\r\n--hostile-b\r\nX-Long: "),
          R("L", 1 << 20), T("\r\n\r\nx\r\n--hostile-b--\r\n")]))
case("part-header-never-ends", "a part header block with no blank line before the end of input",
     F2007("unterminated-multipart"),
     http(f"--hostile-b\r\n".encode() + crlf(SOAP_HEADERS).encode() + b"\r\n" + soap_ok +
          b"\r\n--hostile-b\r\nContent-Type: text/plain\r\nX-A: 1\r\n", ctype=ct))
case("invalid-base64", "a base64 SOAP part with characters outside the alphabet",
     F2007("invalid-base64"),
     http(related([(SOAP_HEADERS + "Content-Transfer-Encoding: base64\n", b"PD94bWwg!!!!$$$$****dmVyc2lvbj0i")])[1], ctype=ct))
case("invalid-base64-attachment", "a base64 attachment with characters outside the alphabet",
     F2007("invalid-base64"),
     http(related([(SOAP_HEADERS, soap_ok), (text_part[0] + "Content-Transfer-Encoding: base64\n", b"aGVsbG8=\x00\x01%%%")])[1], ctype=ct))
case("unknown-transfer-encoding", "Content-Transfer-Encoding: x-gzip",
     F2007("unsupported-transfer-encoding"),
     http(related([(SOAP_HEADERS, soap_ok), (text_part[0] + "Content-Transfer-Encoding: x-gzip\n", b"\x1f\x8b\x08")])[1], ctype=ct))
case("start-names-multipart", "the start parameter names a multipart part, not the SOAP part",
     F2007("no-root-part"),
     http(related([("Content-Type: multipart/mixed; boundary=\"in\"\nContent-ID: <soap@h>\n",
                    b"--in\r\nContent-Type: text/plain\r\n\r\nx\r\n--in--\r\n")])[1], ctype=ct))
case("content-type-garbage", "an HTTP Content-Type that is not a media type",
     F2007("invalid-content-type"), http(ok, ctype=";;;=== \"unterminated"))
case("content-type-parameters-2000", "a Content-Type with 2,000 parameters (under the header size limit of neither)",
     exp(431, None, None, codec="header-too-long"), http(ok, ctype="text/xml" + "; p=1" * 2000))
id_loop = related([
    (SOAP_HEADERS, with_content(href="cid:loop-a@h").encode()),
    ('Content-Type: multipart/related; start="<loop-b@h>"; boundary="la"\nContent-ID: <loop-a@h>\n',
     b'--la\r\nContent-Type: multipart/related; start="<loop-a@h>"; boundary="lb"\r\nContent-ID: <loop-b@h>\r\n\r\n'
     b'--lb\r\nContent-Type: text/plain\r\nContent-ID: <loop-a@h>\r\n\r\nloop\r\n--lb--\r\n\r\n--la--\r\n')])
case("content-id-loop", "nested parts whose Content-IDs and start parameters refer to each other (loop-a contains loop-b whose start is loop-a, and a part reuses loop-a)",
     F2007("duplicate-content-id"), http(id_loop[1], ctype=id_loop[0]))
case("bare-cr-line-ends", "a multipart with lines ending in CR only",
     F2007("unterminated-multipart"), http(body.replace(b"\r\n", b"\r"), ctype=ct))

# ------------------------------------------------------------------ HTTP framing (Jetty's side, and the codec's)
case("content-length-shorter", "Content-Length 100, body longer: the stub reads 100 bytes (a cut SOAP part)",
     F2007("not-well-formed", codec="accepted"), http(ok, length=100))
case("content-length-longer", "Content-Length 100,000 over a short body, then the client half-closes",
     exp(400, None, None, codec="accepted"), http(ok, length=100000))
case("content-length-negative", "Content-Length: -1",
     exp(400, None, None, codec="accepted"), http(ok, length=-1))
case("content-length-huge", "a Content-Length beyond a long",
     exp(400, None, None, codec="accepted"), http(ok, length="99999999999999999999999"))
case("content-length-twice", "two different Content-Length headers (request smuggling)",
     exp(400, None, None, codec="accepted"),
     http(ok, extra=f"Content-Length: {len(ok) + 5}\r\n"))
case("content-length-and-chunked", "Content-Length and Transfer-Encoding: chunked together (request smuggling)",
     exp(400, None, None, codec="accepted"),
     (head("text/xml; charset=utf-8", 5, extra="Transfer-Encoding: chunked\r\n") + "\r\n" +
      "%x\r\n%s\r\n0\r\n\r\n" % (len(ok), ok)).encode())
case("duplicate-content-type", "two Content-Type headers: text/xml and multipart/related",
     F2007("ambiguous-content-type"),
     http(ok, extra="Content-Type: multipart/related; boundary=x\r\n"))
case("chunked-bad-size", "a chunk size that is not hex",
     exp(400, None, None, codec="invalid-chunked-encoding"),
     (head("text/xml", None, extra="Transfer-Encoding: chunked\r\n") + "\r\nzz\r\n" + ok + "\r\n0\r\n\r\n").encode())
case("chunked-negative-size", "a negative chunk size",
     exp(400, None, None, codec="invalid-chunked-encoding"),
     (head("text/xml", None, extra="Transfer-Encoding: chunked\r\n") + "\r\n-10\r\n" + ok + "\r\n0\r\n\r\n").encode())
case("chunked-size-overflow", "a chunk size of 2^72",
     exp(400, None, None, codec="invalid-chunked-encoding"),
     (head("text/xml", None, extra="Transfer-Encoding: chunked\r\n") + "\r\n1000000000000000000\r\n" + ok + "\r\n0\r\n\r\n").encode())
case("chunked-truncated", "a chunk announced larger than what is sent, then the client half-closes",
     exp(400, None, None, codec="invalid-chunked-encoding"),
     (head("text/xml", None, extra="Transfer-Encoding: chunked\r\n") + "\r\nffff\r\n" + ok).encode())
case("transfer-encoding-unknown", "Transfer-Encoding: gzip (not understood)",
     exp(400, None, None, codec="accepted"), http(ok, length=None, extra="Transfer-Encoding: gzip\r\n"))
case("wrong-method-get", "GET with a SOAP body",
     exp(405, None, None, codec="accepted"), http(ok, method="GET"))
case("wrong-method-put", "PUT with a SOAP body",
     exp(405, None, None, codec="accepted"), http(ok, method="PUT"))
case("wrong-path", "POST to a path that is not the MM7 endpoint (the inbox, which owns the other paths, refuses a non-loopback Host)",
     exp(403, None, None, codec="accepted"), http(ok, path="/admin"))
case("path-traversal", "a request target climbing out of the root (/mm7/../../etc/passwd)",
     exp(400, None, None, codec="accepted"), http(ok, path="/mm7/../../etc/passwd"))
case("http-version-9", "HTTP/9.9 in the request line",
     exp(505, None, None, codec="accepted"), http(ok, version="HTTP/9.9"))
case("request-line-garbage", "binary garbage instead of a request line",
     exp(400, None, None, codec="invalid-http-start-line"), b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n")
case("host-missing", "HTTP/1.1 without a Host header",
     exp(400, None, None, codec="accepted"),
     ("POST /mm7 HTTP/1.1\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n%s" % (len(ok), ok)).encode())
case("header-nul-byte", "a NUL byte inside an HTTP header value",
     exp(400, None, None, codec="accepted"), http(ok, extra="X-Evil: a\x00b\r\n"))
case("header-obs-fold", "an HTTP header folded onto a continuation line (obsolete line folding)",
     exp(400, None, None, codec="accepted"), http(ok, extra="X-Folded: a\r\n  b\r\n"))
case("header-line-1mb", "a 1 MB HTTP header line",
     exp(431, None, None, codec="header-too-long"),
     gen(head("text/xml", "@CONTENT_LENGTH@") + "X-Long: ", [R("L", 1 << 20), T("\r\n\r\n" + ok)]))
case("headers-10000", "10,000 short HTTP headers",
     exp(431, None, None, codec="header-too-long"),
     gen(head("text/xml", "@CONTENT_LENGTH@"), [R("X-H: v\r\n", 10000), T("\r\n" + ok)]))

# ------------------------------------------------------------------ hostile responses (client side)
def rsp(body, status="500 Internal Server Error", ctype="text/xml; charset=utf-8", length="auto", extra=""):
    if isinstance(body, str):
        body = body.encode("utf-8")
    n = len(body) if length == "auto" else length
    h = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n"
    if n is not None:
        h += f"Content-Length: {n}\r\n"
    return (h + extra + "\r\n").encode() + body

def fault(detail="", fs="Server error", tx="hostile-1"):
    return (f'<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="{ENV}"><env:Header>'
            f'<mm7:TransactionID xmlns:mm7="{NS}" env:mustUnderstand="1">{tx}</mm7:TransactionID></env:Header>'
            f'<env:Body><env:Fault><faultcode>env:Server</faultcode><faultstring>{fs}</faultstring>'
            f'<detail>{detail}</detail></env:Fault></env:Body></env:Envelope>')

def rs_error(code="3000", text="x"):
    return (f'<mm7:RSErrorRsp xmlns:mm7="{NS}"><mm7:MM7Version>6.8.0</mm7:MM7Version>'
            f'<mm7:Status><mm7:StatusCode>{code}</mm7:StatusCode><mm7:StatusText>{text}</mm7:StatusText></mm7:Status></mm7:RSErrorRsp>')

fpre = fault(fs="@@").split("@@")
R_HEAD = "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: @CONTENT_LENGTH@\r\n\r\n"
response("faultstring-3mb", "a Fault whose faultstring is 3 MB", "value-too-long",
         gen(R_HEAD, [T(fpre[0]), R("F", 3 << 20), T(fpre[1])]))
dpre = fault(detail="@@").split("@@")
response("fault-detail-110000-elements", "a Fault whose detail holds 110,000 elements", "too-many-elements",
         gen(R_HEAD, [T(dpre[0]), R("<e/>", 110000), T(dpre[1])]))
response("fault-detail-nesting-10000", "a detail nested 10,000 deep", "nesting-too-deep",
         gen(R_HEAD, [T(dpre[0]), R("<d>", 10000), R("</d>", 10000), T(dpre[1])]))
response("fault-doctype-xxe", "a Fault with an XXE in faultstring", "doctype-forbidden",
         rsp(fault(fs="&x;").replace("<env:Envelope", '<!DOCTYPE env:Envelope [<!ENTITY x SYSTEM "file://@SECRET_FILE@">]><env:Envelope'),
             length="@CONTENT_LENGTH@"))
response("status-code-overflow", "StatusCode 99999999999999 in an RSErrorRsp", "validation-error",
         rsp(fault(detail=rs_error(code="99999999999999"))))
response("status-code-negative", "StatusCode -1000", "validation-error", rsp(fault(detail=rs_error(code="-1000"))))
response("html-error-page", "a proxy's HTML error page (not well-formed)", "not-well-formed",
         rsp("<html><head><title>502</title></head><body><hr><center>nginx</body></html>", ctype="text/html", status="502 Bad Gateway"))
response("response-truncated-multipart", "a multipart SubmitRsp cut before its close delimiter", "unterminated-multipart",
         rsp(b"--r\r\nContent-Type: text/xml\r\n\r\n<a/>\r\n", ctype='multipart/related; type="text/xml"; boundary="r"', status="200 OK"))
response("response-chunked-garbage", "a chunked response with a chunk size that is not hex", "invalid-chunked-encoding",
         rsp(b"zz\r\n<a/>\r\n0\r\n\r\n", length=None, extra="Transfer-Encoding: chunked\r\n", status="200 OK"))
response("response-empty-200", "an empty body with 200 and text/xml", "not-well-formed", rsp(b"", status="200 OK"))
response("response-status-line-garbage", "a status line that is no HTTP", "invalid-http-start-line",
         b"HTTZ/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n<a/>")
response("response-soap-1.2-fault", "a SOAP 1.2 Fault", "soap-1.2",
         rsp(fault(detail=rs_error()).replace(ENV, "http://www.w3.org/2003/05/soap-envelope")))

# ------------------------------------------------------------------ writing
def write_case(directory, name, expected, message):
    os.makedirs(directory, exist_ok=True)
    for ext in (".http", ".gen"):
        p = os.path.join(directory, name + ext)
        if os.path.exists(p):
            os.remove(p)
    if isinstance(message, dict):
        with open(os.path.join(directory, name + ".gen"), "w", encoding="utf-8") as f:
            json.dump(message, f, indent=1, ensure_ascii=True)
            f.write("\n")
    else:
        if isinstance(message, str):
            message = message.encode("latin-1")
        with open(os.path.join(directory, name + ".http"), "wb") as f:
            f.write(message)
    with open(os.path.join(directory, name + ".expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f)
        f.write("\n")

names = set()
for name, why, expected, message in CASES:
    assert name not in names, name
    names.add(name)
    write_case(OUT, name, expected, message)
for name, why, reason, message in RESPONSES:
    write_case(RESP, name, {"reason": reason}, message)

def fmt(v):
    return "-" if v is None else str(v)

rows = []
for name, why, e, message in CASES:
    kind = ".gen" if isinstance(message, dict) else ".http"
    rows.append(f"| `{name}{kind}` | {why} | {e['http']} | {fmt(e['status'])} | {fmt(e['reason'])} | {e.get('codec', fmt(e['reason']))} |")
rrows = []
for name, why, reason, message in RESPONSES:
    kind = ".gen" if isinstance(message, dict) else ".http"
    rrows.append(f"| `responses/{name}{kind}` | {why} | {reason} |")

tmpl = open(os.path.join(HERE, "hostile-README.template.md"), encoding="utf-8").read()
readme = tmpl.replace("@COUNT@", str(len(CASES))).replace("@RCOUNT@", str(len(RESPONSES))) \
    .replace("@ACCEPTED@", ", ".join(f"`{n}`" for n, w, e, m in CASES if e["http"] == 200)) \
    .replace("@TABLE@", "\n".join(rows)).replace("@RTABLE@", "\n".join(rrows))
with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8") as f:
    f.write(readme)
print(f"wrote {len(CASES)} request cases and {len(RESPONSES)} response cases to {OUT}")
