package dev.franking.service.crypto;

import java.util.List;
import org.springframework.context.ApplicationContext;

/**
 * The epoch-key janitor and the KEK are package-private to crypto (nothing in main outside it needs
 * them); tests in other packages that must run the janitor or wrap with the KEK go through this
 * probe instead of widening them.
 */
public final class EpochKeyProbe {
    private final EpochKeyJanitor janitor;
    private final Kek kek;

    public EpochKeyProbe(ApplicationContext ctx) {
        this.janitor = ctx.getBean(EpochKeyJanitor.class);
        this.kek = ctx.getBean(Kek.class);
    }

    public void scheduled() {
        janitor.scheduled();
    }

    public List<String> live() {
        return janitor.live();
    }

    public byte[] wrap(byte[] key, String context) {
        return kek.wrap(key, context);
    }

    public byte[] unwrap(byte[] wrapped, String context) {
        return kek.unwrap(wrapped, context);
    }
}
