package dev.franking.service.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.franking.service.ReportsProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The zero-setup default: with no {@code spring.datasource.url}, an embedded PostgreSQL whose data
 * lives in {@code <data dir>/postgres} and survives restarts. With a URL, none of this exists and
 * Boot's own DataSource configuration takes over.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseMode.Embedded.class)
public class EmbeddedDatabaseConfig {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfig.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(ReportsProperties props) throws IOException {
        Path dir = props.dataDir().toAbsolutePath().normalize().resolve("postgres");
        Files.createDirectories(dir.getParent());
        log.info("No spring.datasource.url: starting embedded PostgreSQL with its data in {}", dir);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "100")
                .start();
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres pg) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        cfg.setUsername("postgres");
        cfg.setMaximumPoolSize(16);
        cfg.setPoolName("embedded");
        return new HikariDataSource(cfg);
    }
}
