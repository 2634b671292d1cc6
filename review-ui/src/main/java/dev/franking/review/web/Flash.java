package dev.franking.review.web;

import java.io.Serializable;

/**
 * A flash message after a redirect: {@code key} is a key of messages.properties; {@code kind} a CSS
 * class.
 */
public record Flash(String kind, String key) implements Serializable {
    public static final String ATTRIBUTE = "flash";

    public static Flash ok(String key) {
        return new Flash("ok", key);
    }

    public static Flash error(String key) {
        return new Flash("error", key);
    }
}
