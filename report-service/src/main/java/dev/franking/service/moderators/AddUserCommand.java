package dev.franking.service.moderators;

import dev.franking.service.ReportServiceApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * {@code java -jar report-service.jar add-user --username NAME --role
 * moderator[,child_safety,admin] [--password PW] [--data-dir DIR]}: adds a moderator to the same
 * database the service uses (the embedded one under the data directory, or {@code
 * SPRING_DATASOURCE_URL}), and prints the password once. Run it while the service is stopped when
 * on the embedded database.
 */
public final class AddUserCommand {
    private AddUserCommand() {}

    public static boolean handles(String arg) {
        return "add-user".equals(arg);
    }

    public static int run(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                return usage();
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        if (!opts.containsKey("username") || !opts.containsKey("role")) {
            return usage();
        }
        var app =
                new SpringApplicationBuilder(ReportServiceApplication.class)
                        .web(WebApplicationType.NONE)
                        .properties("spring.main.banner-mode=off");
        if (opts.containsKey("data-dir")) {
            app.properties("reports.data-dir=" + opts.get("data-dir"));
        }
        try (var ctx = app.run()) {
            String pw =
                    ctx.getBean(ModeratorService.class)
                            .create(
                                    opts.get("username"),
                                    ModeratorService.rolesFromArgs(opts.get("role")),
                                    opts.get("password"),
                                    "cli");
            System.out.println(
                    "Created moderator " + opts.get("username") + " with password: " + pw);
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    private static int usage() {
        System.err.println(
                "usage: add-user --username NAME --role moderator|child_safety|admin[,...]"
                        + " [--password PASSWORD] [--data-dir DIR]");
        return 2;
    }
}
