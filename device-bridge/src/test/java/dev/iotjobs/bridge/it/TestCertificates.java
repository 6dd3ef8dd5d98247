package dev.iotjobs.bridge.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throwaway CA with a server certificate for 127.0.0.1 and client certificates, made with openssl: an RSA one whose
 * key is in PKCS#8 ({@code clientKey}) and in PKCS#1, cert-manager's default ({@code clientKeyPkcs1}), and an EC one
 * with a SEC1 key.
 */
public record TestCertificates(Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey,
    Path clientKeyPkcs1, Path ecClientCert, Path ecClientKey) {

  public static TestCertificates create(String clientName) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("certs");
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test-ca",
        "-keyout", "ca.key", "-out", "ca.crt");
    issue(dir, "server", "127.0.0.1", true);
    issue(dir, "client", clientName, false);
    run(dir, "openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "client.key", "-out", "client.pk8");
    run(dir, "openssl", "rsa", "-in", "client.key", "-traditional", "-out", "client.pkcs1");
    run(dir, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec-client.key");
    run(dir, "openssl", "req", "-new", "-key", "ec-client.key", "-subj", "/CN=" + clientName, "-out", "ec-client.csr");
    run(dir, "openssl", "x509", "-req", "-in", "ec-client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "1", "-out", "ec-client.crt");
    return new TestCertificates(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"),
        dir.resolve("client.crt"), dir.resolve("client.pk8"), dir.resolve("client.pkcs1"), dir.resolve("ec-client.crt"),
        dir.resolve("ec-client.key"));
  }

  private static void issue(Path dir, String name, String cn, boolean withSan) throws IOException, InterruptedException {
    run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + cn, "-keyout", name + ".key",
        "-out", name + ".csr");
    List<String> sign = new java.util.ArrayList<>(List.of("openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt",
        "-CAkey", "ca.key", "-CAcreateserial", "-days", "1", "-out", name + ".crt"));
    if (withSan) {
      sign.addAll(List.of("-extfile", "san.ext"));
    }
    run(dir, sign.toArray(new String[0]));
  }

  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }
}
