package dev.iotjobs.kubectl;

import static dev.iotjobs.api.runtime.Executables.onPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive and krew manifest that the build writes (src/krew/package.sh, run at package): the manifest is
 * one krew accepts and names the archive's digest, and the plugin installed the way krew installs it (the manifest's
 * files extracted into a store, its bin linked from krew's bin directory) runs through kubectl.
 */
class KrewPackageIT {
  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir
  Path work;

  /** A jar that runs the plugin from this test's class path, standing in for the shaded one. */
  private Path pluginJar() throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, KubectlIotJobs.class.getName());
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Stream.of(System.getProperty("java.class.path")
        .split(File.pathSeparator)).map(entry -> Path.of(entry).toUri().toString()).collect(Collectors.joining(" ")));
    Path jar = work.resolve("plugin.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // the manifest is the whole jar
    }
    return jar;
  }

  private static String run(Path directory, List<String> command, String path) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    if (path != null) {
      builder.environment().put("PATH", path + File.pathSeparator + System.getenv("PATH"));
      builder.environment().put("XDG_CACHE_HOME", directory.resolve("cache").toString());
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    return output;
  }

  @Test
  void theManifestNamesTheArchiveAndKrewsInstallLayoutRuns() throws Exception {
    Path out = work.resolve("release");
    run(work, List.of("sh", Path.of("src/krew/package.sh").toAbsolutePath().toString(),
        Path.of("src/main/bin/kubectl-iotjobs").toAbsolutePath().toString(), pluginJar().toString(), "1.2.3",
        "https://example.test/v1.2.3/kubectl-iotjobs.tar.gz", out.toString()), null);

    Path archive = out.resolve("kubectl-iotjobs.tar.gz");
    JsonNode plugin = YAML.readTree(out.resolve("iotjobs.yaml").toFile());
    assertThat(plugin.path("apiVersion").asText()).isEqualTo("krew.googlecontainertools.github.com/v1alpha2");
    assertThat(plugin.path("kind").asText()).isEqualTo("Plugin");
    assertThat(plugin.path("metadata").path("name").asText()).isEqualTo("iotjobs");
    JsonNode spec = plugin.path("spec");
    assertThat(spec.path("version").asText()).isEqualTo("v1.2.3");
    assertThat(spec.path("shortDescription").asText()).isNotBlank();
    assertThat(spec.path("platforms")).hasSize(1);
    JsonNode platform = spec.path("platforms").get(0);
    assertThat(platform.path("uri").asText()).isEqualTo("https://example.test/v1.2.3/kubectl-iotjobs.tar.gz");
    assertThat(platform.path("sha256").asText()).isEqualTo(HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive))));
    assertThat(platform.path("selector").path("matchExpressions").get(0).path("values"))
        .extracting(JsonNode::asText).containsExactly("linux", "darwin");

    // as krew installs it: the archive unpacked, each file moved as the manifest says, bin linked onto the PATH
    Path unpacked = Files.createDirectories(work.resolve("download"));
    run(unpacked, List.of("tar", "-xzf", archive.toString()), null);
    Path store = Files.createDirectories(work.resolve("store/iotjobs/" + platform.path("sha256").asText()));
    for (JsonNode file : platform.path("files")) {
      Path from = unpacked.resolve(file.path("from").asText());
      Files.move(from, store.resolve(file.path("to").asText()).resolve(from.getFileName()));
    }
    Path launcher = store.resolve(platform.path("bin").asText());
    assertThat(Files.getPosixFilePermissions(launcher)).contains(PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.OTHERS_EXECUTE);
    Path bin = Files.createDirectories(work.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("kubectl-iotjobs"), launcher);

    String linked = bin.resolve("kubectl-iotjobs").toString();
    List<String> version = onPath("kubectl") ? List.of("kubectl", "iotjobs", "--version") : List.of(linked, "--version");
    assertThat(run(work, version, bin.toString())).contains("kubectl-iotjobs 0.1.0");
    assertThat(run(work, List.of(linked, "--help"), bin.toString())).contains("preview", "rerun", "history");
  }
}
