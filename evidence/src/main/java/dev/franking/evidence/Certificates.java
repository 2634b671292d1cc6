package dev.franking.evidence;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed certificates for the generated defaults, and owner-only key files. */
final class Certificates {
    /**
     * A non-critical extension of the generated ECDSA certificate: the SHA-256 of the ML-DSA
     * certificate generated with it (an OCTET STRING of 32 bytes). Pinning the ECDSA certificate
     * (by its bytes or its SHA-256, both of which a quantum computer cannot forge) then pins the
     * ML-DSA certificate too, so an agency keeps one fingerprint. The OID is in the UUID arc (2.25,
     * ITU-T X.667), which needs no registration.
     */
    static final ASN1ObjectIdentifier ML_DSA_BINDING =
            new ASN1ObjectIdentifier("2.25.330956488716449940606568855206516215733");

    private Certificates() {}

    /**
     * @param signatureAlgorithm the certificate's own signature (by its own key)
     * @param provider null for the JDK's providers
     * @param boundCertificateSha256 the value of {@link #ML_DSA_BINDING}, or null for none
     */
    static X509Certificate selfSigned(
            KeyPair kp,
            String commonName,
            Clock clock,
            Duration validity,
            String signatureAlgorithm,
            Provider provider,
            KeyPurposeId purpose,
            boolean purposeCritical,
            byte[] boundCertificateSha256) {
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            X500Name subject =
                    new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            BigInteger serial = new BigInteger(127, new SecureRandom()).setBit(126);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            SubjectPublicKeyInfo spki =
                    SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
            var builder =
                    new X509v3CertificateBuilder(
                                    subject,
                                    serial,
                                    Date.from(now.minus(Duration.ofHours(1))),
                                    Date.from(now.plus(validity)),
                                    subject,
                                    spki)
                            .addExtension(
                                    Extension.basicConstraints, true, new BasicConstraints(false))
                            .addExtension(
                                    Extension.keyUsage,
                                    true,
                                    new KeyUsage(
                                            KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                            .addExtension(
                                    Extension.extendedKeyUsage,
                                    purposeCritical,
                                    new ExtendedKeyUsage(purpose))
                            .addExtension(
                                    Extension.subjectKeyIdentifier,
                                    false,
                                    ext.createSubjectKeyIdentifier(spki))
                            .addExtension(
                                    Extension.authorityKeyIdentifier,
                                    false,
                                    ext.createAuthorityKeyIdentifier(spki));
            if (boundCertificateSha256 != null) {
                builder.addExtension(
                        ML_DSA_BINDING, false, new DEROctetString(boundCertificateSha256));
            }
            JcaContentSignerBuilder csb = new JcaContentSignerBuilder(signatureAlgorithm);
            JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
            if (provider != null) {
                csb.setProvider(provider);
                conv.setProvider(provider);
            }
            return conv.getCertificate(builder.build(csb.build(kp.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("making a self-signed certificate failed", e);
        }
    }

    /** The {@link #ML_DSA_BINDING} value of {@code cert}, or null if it has none. */
    static byte[] boundCertificateSha256(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(ML_DSA_BINDING.getId());
        if (ext == null) {
            return null;
        }
        try {
            ASN1OctetString outer = ASN1OctetString.getInstance(ext);
            return ASN1OctetString.getInstance(outer.getOctets()).getOctets();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Writes a new file readable by its owner only (where POSIX permissions exist). */
    static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        Path dir = file.toAbsolutePath().getParent();
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(owner));
            Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            Files.write(file, content, StandardOpenOption.CREATE_NEW);
        }
    }
}
