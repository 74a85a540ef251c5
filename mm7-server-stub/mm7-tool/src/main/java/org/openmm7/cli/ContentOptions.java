package org.openmm7.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openmm7.client.content.BinaryPart;
import org.openmm7.client.content.MimePart;
import org.openmm7.client.content.Multipart;
import org.openmm7.client.content.Smil;
import org.openmm7.client.content.TextPart;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The content options of submit and replace: text, attachments, SMIL. */
final class ContentOptions {
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
      Map.entry("gif", "image/gif"), Map.entry("bmp", "image/bmp"), Map.entry("wbmp", "image/vnd.wap.wbmp"),
      Map.entry("txt", "text/plain"), Map.entry("smil", "application/smil"), Map.entry("smi", "application/smil"),
      Map.entry("mp4", "video/mp4"), Map.entry("3gp", "video/3gpp"), Map.entry("amr", "audio/amr"),
      Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"), Map.entry("vcf", "text/x-vcard"),
      Map.entry("vcs", "text/x-vcalendar"), Map.entry("html", "text/html"), Map.entry("xml", "text/xml"));

  @Option(names = "--text", paramLabel = "TEXT", description = "a text part (UTF-8)")
  String text;

  @Option(names = "--attach", paramLabel = "FILE", description = "a file to attach (may repeat); its type from its extension")
  List<Path> attachments = new ArrayList<>();

  @Option(names = "--smil", description = "wrap the parts in a SMIL presentation (multipart/related)")
  boolean smil;

  /** The content, or null when neither text nor attachments were given. */
  MimePart content(CommandLine.Model.CommandSpec spec) {
    List<MimePart> parts = new ArrayList<>();
    if (text != null) {
      parts.add(TextPart.of(text).withContentLocation("text.txt"));
    }
    for (Path p : attachments) {
      if (!Files.isReadable(p) || Files.isDirectory(p)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "cannot read " + p);
      }
      parts.add(BinaryPart.ofFile(p, mediaType(p)).withContentLocation(p.getFileName().toString()));
    }
    if (parts.isEmpty()) {
      return null;
    }
    if (smil) {
      return Smil.presentation(parts);
    }
    return parts.size() == 1 ? parts.get(0) : Multipart.mixed(parts);
  }

  static String mediaType(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    String t = TYPES.get(ext);
    if (t != null) {
      return t;
    }
    try {
      String probed = Files.probeContentType(p);
      if (probed != null) {
        return probed;
      }
    } catch (java.io.IOException e) {
      // fall through
    }
    return "application/octet-stream";
  }
}
