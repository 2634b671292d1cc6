package dev.franking.service;

import dev.franking.service.moderators.AddUserCommand;
import dev.franking.service.security.TokenCommand;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ReportServiceApplication {

    public static void main(String[] args) {
        // `token`, `keygen` and `add-user` are small offline commands (trying the API out, adding
        // a moderator); they start no server. Anything else starts the service.
        if (args.length > 0 && commands().getSubcommands().containsKey(args[0])) {
            System.exit(commands().execute(args));
        }
        SpringApplication.run(ReportServiceApplication.class, args);
    }

    /** The offline commands; each answers {@code --help}. */
    static CommandLine commands() {
        return new CommandLine(new Commands());
    }

    @Command(
            name = "java -jar report-service.jar",
            description = "Without a command: starts the service.",
            subcommands = {
                TokenCommand.Token.class,
                TokenCommand.Keygen.class,
                AddUserCommand.class
            })
    static final class Commands {}

    /** Time is a parameter: tests replace this bean with a controllable clock. */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
