package dev.franking.service.moderators;

import dev.franking.service.ReportServiceApplication;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar report-service.jar add-user --username NAME --role
 * moderator[,child_safety,admin] [--password PW] [--data-dir DIR]}: adds a moderator to the same
 * database the service uses (the embedded one under the data directory, or {@code
 * SPRING_DATASOURCE_URL}), and prints the password once. Run it while the service is stopped when
 * on the embedded database. Exit status 0 when added, 1 when refused (the reason on stderr), 2 for
 * a usage error.
 */
@Command(
        name = "add-user",
        sortOptions = false,
        description =
                "Adds a moderator to the service's database and prints the password once. Run it"
                        + " while the service is stopped when on the embedded database.")
public final class AddUserCommand implements Callable<Integer> {
    @Option(names = "--username", required = true, paramLabel = "NAME")
    String username;

    @Option(
            names = "--role",
            required = true,
            paramLabel = "moderator|child_safety|admin[,...]",
            description = "one or more roles, comma-separated")
    String role;

    @Option(
            names = "--password",
            paramLabel = "PASSWORD",
            description = "the password (default: a generated one)")
    String password;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "the service's data directory (reports.data-dir)")
    String dataDir;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "show this help")
    boolean help;

    /** Runs {@code args} as the service's main method does: {@code args[0]} is {@code add-user}. */
    public static int run(String[] args) {
        return new CommandLine(new AddUserCommand())
                .execute(Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
    }

    @Override
    public Integer call() {
        var app =
                new SpringApplicationBuilder(ReportServiceApplication.class)
                        .web(WebApplicationType.NONE)
                        .properties("spring.main.banner-mode=off");
        if (dataDir != null) {
            app.properties("reports.data-dir=" + dataDir);
        }
        try (var ctx = app.run()) {
            String pw =
                    ctx.getBean(ModeratorService.class)
                            .create(
                                    username,
                                    ModeratorService.rolesFromArgs(role),
                                    password,
                                    "cli");
            System.out.println("Created moderator " + username + " with password: " + pw);
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }
}
