import java.lang.invoke.*; import java.net.*; import java.io.File;
public class Loop { static volatile Object sink;
  public static void main(String[] a) throws Throwable {
    URLClassLoader cl = new URLClassLoader(new URL[] {new File(a[0]).toURI().toURL()}, ClassLoader.getPlatformClassLoader());
    Class<?> c = cl.loadClass("dev.franking.bench.V2VerifyBench"); Object b = c.getConstructor().newInstance();
    c.getField("bodyBytes").setInt(b, 100); c.getMethod("setup").invoke(b);
    java.lang.reflect.Method m = c.getMethod("verify");
    MethodHandle h = MethodHandles.publicLookup().unreflect(m).bindTo(b).asType(MethodType.methodType(Object.class));
    long end = System.nanoTime() + Long.parseLong(a[1]) * 1_000_000_000L;
    while (System.nanoTime() < end) for (int k = 0; k < 1000; k++) sink = h.invokeExact();
  }}
