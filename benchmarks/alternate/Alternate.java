import java.io.*;
import java.lang.invoke.*;
import java.lang.management.*;
import java.net.*;
import java.util.*;

/**
 * One JVM, two builds of the library (each benchmarks.jar in its own class loader), and OpenSSL's
 * two HMACs (a subprocess) between them, alternating in short slices: A, OpenSSL, B, OpenSSL, ...
 * Each slice is timed by the CPU time of the thread that ran it (ThreadMXBean for the library,
 * CLOCK_THREAD_CPUTIME_ID in the C program), so paired ratios hold while the load changes.
 *   gcc -O2 -o /tmp/two-hmacs benchmarks/openssl-two-hmacs.c -lcrypto
 *   java benchmarks/alternate/Alternate.java A.jar B.jar /tmp/two-hmacs ROUNDS [slice] [verify|envelope|stamp]
 * A.jar and B.jar are benchmarks/target/benchmarks.jar of two builds, copied aside; the slice is
 * in CPU-seconds (0.3 by default). OpenSSL's two HMACs are the reference of verify only.
 */
public class Alternate {
    static volatile Object sink;

    public static void main(String[] a) throws Throwable {
        String[] jars = {a[0], a[1]};
        String twoHmacs = a[2];
        int rounds = Integer.parseInt(a[3]);
        double slice = a.length > 4 ? Double.parseDouble(a[4]) : 0.3;
        // verify (V2VerifyBench.verify, 100-byte body), envelope (V2EnvelopeBench.open, 1 KiB) or
        // stamp (V2StampBench.stamp); OpenSSL's two HMACs are verify's reference only
        String what = a.length > 5 ? a[5] : "verify";
        String cls = switch (what) { case "envelope" -> "V2EnvelopeBench"; case "stamp" -> "V2StampBench"; default -> "V2VerifyBench"; };
        String method = switch (what) { case "envelope" -> "open"; case "stamp" -> "stamp"; default -> "verify"; };
        MethodHandle[] ops = new MethodHandle[2];
        for (int i = 0; i < 2; i++) {
            URLClassLoader cl = new URLClassLoader(new URL[] {new File(jars[i]).toURI().toURL()}, ClassLoader.getPlatformClassLoader());
            Class<?> c = cl.loadClass("dev.franking.bench." + cls);
            Object bench = c.getConstructor().newInstance();
            if (!what.equals("stamp")) {
                c.getField("bodyBytes").setInt(bench, what.equals("envelope") ? 1024 : 100);
            }
            c.getMethod("setup").invoke(bench);
            java.lang.reflect.Method m = c.getMethod(method);
            ops[i] = MethodHandles.publicLookup().unreflect(m).bindTo(bench).asType(MethodType.methodType(Object.class));
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 2; i++) { // warm-up: 3 CPU-seconds each
            long end = mx.getCurrentThreadCpuTime() + 3_000_000_000L;
            while (mx.getCurrentThreadCpuTime() < end) for (int k = 0; k < 1000; k++) sink = ops[i].invokeExact();
        }
        System.out.printf("%s%n", what + ": A " + jars[0] + ", B " + jars[1]);
        System.out.printf("round  load   openssl-ns   A-ns   B-ns   openssl-ns   A/ossl  B/ossl  B/A%n");
        List<double[]> rows = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double o1 = openssl(twoHmacs);
            double ta = slice(mx, ops[0], slice);
            double o2 = openssl(twoHmacs);
            double tb = slice(mx, ops[1], slice);
            double o3 = openssl(twoHmacs);
            double oa = (o1 + o2) / 2, ob = (o2 + o3) / 2;
            rows.add(new double[] {ta / oa, tb / ob, tb / ta});
            System.out.printf("%5d  %5s  %6.1f  %7.1f  %6.1f  %6.1f  %6.1f   %5.2f   %5.2f   %5.3f%n", r + 1, load(), o1, ta, o2, tb, o3, ta / oa, tb / ob, tb / ta);
        }
        for (int k = 0; k < 3; k++) {
            final int kk = k;
            double[] v = rows.stream().mapToDouble(x -> x[kk]).sorted().toArray();
            System.out.printf("median %s: %.3f (min %.3f, max %.3f, %d rounds)%n", new String[] {"A / OpenSSL", "B / OpenSSL", "B / A"}[k], v[v.length / 2], v[0], v[v.length - 1], v.length);
        }
    }

    static double slice(ThreadMXBean mx, MethodHandle op, double seconds) throws Throwable {
        long c0 = mx.getCurrentThreadCpuTime();
        long end = c0 + (long) (seconds * 1e9);
        long n = 0, cpu;
        do {
            for (int k = 0; k < 1000; k++) sink = op.invokeExact();
            n += 1000;
            cpu = mx.getCurrentThreadCpuTime();
        } while (cpu < end);
        return (cpu - c0) / (double) n;
    }

    static double openssl(String exe) throws Exception {
        Process p = new ProcessBuilder(exe, "400000").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        // "... (507.0 ns) ..."
        int i = out.indexOf(" ns)");
        int j = out.lastIndexOf('(', i);
        return Double.parseDouble(out.substring(j + 1, i).trim());
    }

    static String load() throws IOException {
        return new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).split(" ")[0];
    }
}
