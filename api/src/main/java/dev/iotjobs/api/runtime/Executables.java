package dev.iotjobs.api.runtime;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finding a program as a shell would: the first executable of that name in the PATH's directories. */
public final class Executables {
  private Executables() {}

  /** The program in the PATH, or else in one of the extra directories (say /usr/sbin, which a user's PATH may lack). */
  public static Optional<Path> find(String program, String... extraDirectories) {
    List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    directories.addAll(List.of(extraDirectories));
    return directories.stream().filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable).findFirst();
  }

  public static boolean onPath(String program) {
    return find(program).isPresent();
  }
}
