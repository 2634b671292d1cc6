package dev.franking.evidence;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the sample package and the platform certificate for the manual check of the runnable jar
 * (EVIDENCE.md, "Checking the runnable jar"): {@code WriteSample DIR} writes DIR/case.zip,
 * DIR/platform.pem, DIR/foreign.zip (re-signed with another key) and DIR/changed.zip (one byte
 * changed).
 */
public final class WriteSample {
    private WriteSample() {}

    public static void main(String[] args) throws Exception {
        Path dir =
                Files.createDirectories(
                        Path.of(args.length > 0 ? args[0] : "target/sample-evidence"));
        byte[] zip = Samples.build().zip();
        Files.write(dir.resolve("case.zip"), zip);
        Files.writeString(
                dir.resolve("platform.pem"), EvidenceSigner.pem(Samples.PLATFORM.certificate()));
        EvidenceSigner foreign =
                EvidenceSigner.generate("Example Messenger", Samples.CLOCK)
                        .withTimeStamps(Samples.TSA);
        Files.write(
                dir.resolve("foreign.zip"),
                new EvidencePackageBuilder(foreign, Samples.CLOCK).build(Samples.input()).zip());
        Files.write(
                dir.resolve("changed.zip"),
                Samples.rewrite(
                        zip,
                        m -> {
                            m.get("messages/001/body.txt")[0] ^= 1;
                            return m;
                        }));
        System.out.println("wrote " + dir.toAbsolutePath());
    }
}
