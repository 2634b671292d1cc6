package dev.franking.service.db;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether the service runs on its embedded PostgreSQL (no {@code spring.datasource.url}) or an
 * external one.
 */
public final class EmbeddedDatabaseMode {
    private EmbeddedDatabaseMode() {}

    public static boolean isEmbedded(Environment env) {
        return !StringUtils.hasText(env.getProperty("spring.datasource.url"));
    }

    public static final class Embedded implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return isEmbedded(context.getEnvironment());
        }
    }
}
