package dev.iotjobs.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The suite's results as Markdown: printed as they come, and written whole at the end. */
final class Report {
  private final StringBuilder text = new StringBuilder();

  void section(String title) {
    line("");
    line("## " + title);
    line("");
  }

  void line(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    text.append(line).append('\n');
    System.out.println(line);
    System.out.flush();
  }

  void write(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
