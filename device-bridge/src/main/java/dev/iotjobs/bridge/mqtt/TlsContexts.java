package dev.iotjobs.bridge.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS to the broker from PEM files: a CA to trust (or the JDK's), and optionally a client certificate with its key.
 * A configured file that does not exist is an error naming it, never a silent fallback.
 */
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
      if (certFile != null || keyFile != null) {
        if (certFile == null || keyFile == null) {
          throw new GeneralSecurityException("a client certificate needs both MQTT_CERT_FILE and MQTT_KEY_FILE");
        }
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

  /** A PEM private key as cert-manager, openssl or a broker's tooling writes it: PKCS#8, PKCS#1 RSA or SEC1 EC. */
  private static PrivateKey privateKey(String file) throws IOException, GeneralSecurityException {
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(Path.of(file)))) {
      Object pem = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (pem instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (pem instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (pem instanceof PKCS8EncryptedPrivateKeyInfo || pem instanceof PEMEncryptedKeyPair) {
        throw new GeneralSecurityException(file + " holds an encrypted key; give the bridge an unencrypted one");
      }
      throw new GeneralSecurityException(file + " holds no private key in PEM (PKCS#8, PKCS#1 or EC)");
    }
  }
}
