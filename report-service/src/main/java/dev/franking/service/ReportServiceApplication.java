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
import picocli.CommandLine.Model.CommandSpec;

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
        SpringApplication app = new SpringApplication(ReportServiceApplication.class);
        StartupTimeline.attachIfRequested(app);
        app.run(args);
    }

    /**
     * The offline commands; each answers {@code --help}. Built here rather than declared on a
     * nested class, so that only this class (the composition root) knows their packages.
     */
    static CommandLine commands() {
        CommandSpec spec = CommandSpec.create().name("java -jar report-service.jar");
        spec.usageMessage().description("Without a command: starts the service.");
        return new CommandLine(spec)
                .addSubcommand(new TokenCommand.Token())
                .addSubcommand(new TokenCommand.Keygen())
                .addSubcommand(new AddUserCommand());
    }

    /** Time is a parameter: tests replace this bean with a controllable clock. */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
