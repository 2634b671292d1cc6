package dev.franking.v2;
import java.time.*;
import java.util.*;
/** Runs W verifications of the benchmarks' one-message 100-byte report, then N more, and exits:
 * run twice under callgrind (N = 0 and N > 0) the difference / N is instructions per verify. */
public class Instr {
  static volatile Object sink;
  public static void main(String[] a) throws Exception {
    int warm = Integer.parseInt(a[0]); int n = Integer.parseInt(a[1]); String what = a.length > 2 ? a[2] : "verify";
    String KID = "k20261129T000000";
    byte[] kb = new byte[32]; new SplittableRandom(2).nextBytes(kb);
    StampKey key = StampKey.restore(new Kid(KID), kb, Instant.ofEpochMilli(1_764_374_400_000L), Duration.ofDays(1), Duration.ofDays(90));
    InMemoryStampKeyRing ring = new InMemoryStampKeyRing(); ring.add(key);
    Clock clock = Clock.fixed(Instant.ofEpochMilli(1_764_400_000_000L), ZoneOffset.UTC);
    byte[] body = new byte[100]; new SplittableRandom(1).nextBytes(body);
    MessageContent content = new MessageContent("6f1c2a7e-3b9d-4c5e-8a10-2f4b6d8e9a01","alice","conv-0001",1_764_399_999_000L, List.of(), "text/plain; charset=utf-8", body, List.of());
    Opening opening = Opening.commit(content);
    byte[] sb = new byte[16]; new SplittableRandom(7).nextBytes(sb);
    RouteSalt salt = RouteSalt.fromBytes(sb);
    Route route = Route.compute(salt, "alice","bob","conv-0001","6f1c2a7e-3b9d-4c5e-8a10-2f4b6d8e9a01");
    RecipientStamp rs = RecipientStamp.of(new Stamper(ring, clock).stamp(opening.commitment(), route), salt);
    ReportVerifier v = new ReportVerifier(ring, clock);
    List<SubmittedMessage> report = List.of(SubmittedMessage.of(opening, "bob", rs));
    for (int i = 0; i < warm; i++) sink = v.verify("bob", report);
    for (int i = 0; i < n; i++) sink = v.verify("bob", report);
  }
}
