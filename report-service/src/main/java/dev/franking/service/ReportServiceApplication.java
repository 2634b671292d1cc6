package dev.franking.service;

import dev.franking.service.moderators.AddUserCommand;
import dev.franking.service.security.TokenCommand;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ReportServiceApplication {

    public static void main(String[] args) throws Exception {
        // `token ...` and `keygen ...` are small offline commands for trying the API out; they
        // start no server
        if (args.length > 0 && TokenCommand.handles(args[0])) {
            System.exit(TokenCommand.run(args));
        }
        if (args.length > 0 && AddUserCommand.handles(args[0])) {
            System.exit(AddUserCommand.run(args));
        }
        SpringApplication.run(ReportServiceApplication.class, args);
    }

    /** Time is a parameter: tests replace this bean with a controllable clock. */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
