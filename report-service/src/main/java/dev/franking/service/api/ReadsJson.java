package dev.franking.service.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler that reads its JSON body itself (with {@link JsonResponses#read}) instead of
 * through {@code @RequestBody}, because something must be decided before the body is parsed. The
 * API's tests find JSON endpoints by this mark as well as by {@code @RequestBody}, so such a
 * handler is not left out of the duplicate-key and bad-input checks.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface ReadsJson {
    /** The type the body is read as. */
    Class<?> value();
}
