package dev.franking.v2;
import java.lang.management.*;
import java.time.*;
import java.util.*;
import java.util.concurrent.Callable;
public class Parts {
  static volatile Object sink;
  public static void main(String[] a) throws Exception {
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
    SubmittedMessage m = report.get(0);
    ParsedReport parsed = v.parse("bob", report);
    Map<String, Callable<Object>> c = new LinkedHashMap<>();
    c.put("verify", () -> v.verify("bob", report));
    c.put("parse", () -> v.parse("bob", report));
    c.put("after parse", () -> v.verify(parsed));
    c.put("b64 body", () -> B64.decode(m.body(), FailureCode.INVALID_BODY, "body"));
    c.put("b64 fk", () -> FrankingKey.fromBase64(m.frankingKey()));
    c.put("b64 salt", () -> RouteSalt.fromBase64(m.stamp().routeSalt()));
    c.put("b64 mac", () -> B64.decode(m.stamp().mac(), FailureCode.INVALID_MAC, "mac"));
    c.put("new MessageContent", () -> new MessageContent(m.messageId(), m.senderId(), m.conversationId(), m.sentAt(), List.of(), m.contentType(), body, List.of()));
    c.put("new Kid", () -> new Kid(m.stamp().kid()));
    c.put("new RecipientStamp", () -> new RecipientStamp(rs.kid(), 5L, salt, rs.unsafeMac()));
    c.put("Commitment.compute", () -> Commitment.compute(opening.frankingKey(), content));
    c.put("encode", () -> content.encode());
    c.put("Route.computeChecked", () -> Route.computeChecked(salt, "alice","bob","conv-0001","6f1c2a7e-3b9d-4c5e-8a10-2f4b6d8e9a01"));
    c.put("verifyMac", () -> key.verifyMac(opening.commitment(), route, 1_764_400_000_000L, rs.unsafeMac()) ? 1 : 0);
    c.put("ring lookup", () -> ring.lookup(rs.kid()));
    c.put("clock", () -> clock.instant());
    c.put("sha256 106", () -> Sha256.hash(new byte[106]));
    c.put("checkId x5", () -> { Ids.checkId("bob","r"); Ids.checkId("bob","r"); Ids.checkId(m.messageId(),"m"); Ids.checkId(m.senderId(),"s"); Ids.checkId(m.conversationId(),"c"); return null;});
    for (int rep = 0; rep < 2; rep++) for (var e : c.entrySet()) if (a.length == 0 || e.getKey().matches(a[0])) run(e.getKey(), e.getValue());
  }
  static void run(String name, Callable<Object> op) throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long end = mx.getCurrentThreadCpuTime() + 1_000_000_000L;
    while (mx.getCurrentThreadCpuTime() < end) for (int k = 0; k < 1000; k++) sink = op.call();
    long c0 = mx.getCurrentThreadCpuTime(); long n = 0;
    while (mx.getCurrentThreadCpuTime() < c0 + 500_000_000L) { for (int k = 0; k < 2000; k++) sink = op.call(); n += 2000; }
    long cpu = mx.getCurrentThreadCpuTime() - c0;
    com.sun.management.ThreadMXBean smx = (com.sun.management.ThreadMXBean) mx;
    long tid = Thread.currentThread().getId();
    long a0 = smx.getThreadAllocatedBytes(tid);
    for (int k = 0; k < 10000; k++) sink = op.call();
    long alloc = smx.getThreadAllocatedBytes(tid) - a0;
    System.out.printf("%-24s %8.1f ns %8.0f B/op%n", name, cpu / (double) n, alloc / 10000.0);
  }
}
