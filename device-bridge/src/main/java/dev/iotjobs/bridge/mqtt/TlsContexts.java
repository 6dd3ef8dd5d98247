package dev.iotjobs.bridge.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** TLS to the broker from PEM files: a CA to trust, and optionally a client certificate with its PKCS#8 key. */
public final class TlsContexts {
  private TlsContexts() {}

  /** What to trust (null: the JDK's default CAs) and who to be (null: no client certificate). */
  public record Managers(TrustManagerFactory trust, KeyManagerFactory keys) {}

  public static Managers fromPem(String caFile, String certFile, String keyFile) {
    try {
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      TrustManagerFactory trust = null;
      if (caFile != null) {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int i = 0;
        for (Certificate ca : certificates(x509, caFile)) {
          trusted.setCertificateEntry("ca-" + i++, ca);
        }
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
      }
      KeyManagerFactory keys = null;
      if (certFile != null && keyFile != null) {
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        Collection<? extends Certificate> chain = certificates(x509, certFile);
        identity.setKeyEntry("client", privateKey(keyFile), new char[0], chain.toArray(new Certificate[0]));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, new char[0]);
      }
      return new Managers(trust, keys);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS from " + caFile + ", " + certFile + ", " + keyFile + ": "
          + e.getMessage(), e);
    }
  }

  private static Collection<? extends Certificate> certificates(CertificateFactory x509, String file)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return x509.generateCertificates(in);
    }
  }

  private static PrivateKey privateKey(String file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(Path.of(file));
    if (!pem.contains("BEGIN PRIVATE KEY")) {
      throw new GeneralSecurityException("the key must be PKCS#8 PEM (BEGIN PRIVATE KEY); convert it with"
          + " openssl pkcs8 -topk8 -nocrypt");
    }
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(base64);
    for (String algorithm : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException("unsupported private key in " + file);
  }
}
