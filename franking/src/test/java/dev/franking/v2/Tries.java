package dev.franking.v2;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Seeds for the property tests, which are plain JUnit 5 {@code @ParameterizedTest}s: one invocation
 * per try, its seed in the display name ({@code @ParameterizedTest(name = "seed {0}")}), so a
 * failure names the seed that reproduces it. The seeds of a property are fixed (derived from a base
 * seed and the property's name), so a run is reproducible as a whole:
 *
 * <ul>
 *   <li>{@code -Dfranking.seed=N} runs every property once, with seed {@code N} (to reproduce a
 *       failure);
 *   <li>{@code -Dfranking.seeds.base=N} derives other seeds (to explore further); {@code random}
 *       picks a base per run, which the first try's seed then shows.
 * </ul>
 *
 * Consoles and reports that print the method name rather than the display name still show the seed:
 * {@link SeedInFailure} puts the display name in front of every failure's message.
 */
final class Tries {
    private static final long DEFAULT_BASE = 20_261_201L;

    private Tries() {}

    /** {@code tries} seeds for the property {@code name}. */
    public static LongStream seeds(String name, int tries) {
        String one = System.getProperty("franking.seed");
        if (one != null && !one.isBlank()) {
            return LongStream.of(Long.parseLong(one.trim()));
        }
        String base = System.getProperty("franking.seeds.base");
        long b;
        if (base == null || base.isBlank()) {
            b = DEFAULT_BASE;
        } else if (base.trim().equals("random")) {
            b = System.nanoTime();
        } else {
            b = Long.parseLong(base.trim());
        }
        SplittableRandom r = new SplittableRandom(b ^ ((long) name.hashCode() << 32));
        return LongStream.generate(r::nextLong).limit(tries);
    }

    /**
     * Rethrows a property's failure with the try's display name, and so its seed, in the message:
     * {@code @ExtendWith(Tries.SeedInFailure.class)}.
     */
    public static final class SeedInFailure implements TestExecutionExceptionHandler {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable t)
                throws Throwable {
            String name = context.getDisplayName();
            if (t.getMessage() != null && t.getMessage().startsWith(name)) {
                throw t;
            }
            AssertionError e = new AssertionError(name + ": " + t, t);
            e.setStackTrace(t.getStackTrace());
            throw e;
        }
    }
}
