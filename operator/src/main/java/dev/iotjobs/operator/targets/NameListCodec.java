package dev.iotjobs.operator.targets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Thing names as gzip-compressed lines: fleet names share long prefixes, so 100,000 of them take a few hundred
 * kilobytes, and chunks of {@link #NAMES_PER_CHUNK} stay well inside one ConfigMap (1 MiB).
 */
public final class NameListCodec {
  /** At most this many names per chunk: even 253-character names compress far below 1 MiB at this count. */
  public static final int NAMES_PER_CHUNK = 50_000;

  private NameListCodec() {}

  public static byte[] encode(Collection<String> names) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(String.join("\n", names).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static List<String> decode(byte[] encoded) {
    try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(encoded))) {
      String text = new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
      return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException("a stored name list is corrupt: " + e.getMessage(), e);
    }
  }

  /** The names in chunks of at most {@link #NAMES_PER_CHUNK}, in order; one empty chunk for no names. */
  public static List<List<String>> chunks(List<String> names) {
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < names.size(); from += NAMES_PER_CHUNK) {
      chunks.add(names.subList(from, Math.min(names.size(), from + NAMES_PER_CHUNK)));
    }
    if (chunks.isEmpty()) {
      chunks.add(List.of());
    }
    return chunks;
  }
}
