package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The main method's offline commands: which there are, and that each answers --help. */
class CommandsTest {
    @Test
    void theServiceHasThreeOfflineCommandsEachWithHelp() {
        CommandLine commands = ReportServiceApplication.commands();
        assertThat(commands.getSubcommands()).containsOnlyKeys("token", "keygen", "add-user");
        for (String name : commands.getSubcommands().keySet()) {
            StringWriter help = new StringWriter();
            CommandLine cmd = ReportServiceApplication.commands();
            cmd.setOut(new PrintWriter(help));
            assertThat(cmd.execute(name, "--help")).as(name).isZero();
            assertThat(help.toString()).as(name).contains("Usage:").contains(name);
        }
    }

    @Test
    void addUserWithoutItsRequiredOptionsIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cmd = ReportServiceApplication.commands();
        cmd.setErr(new PrintWriter(err));
        assertThat(cmd.execute("add-user", "--username", "mona")).isEqualTo(2);
        assertThat(err.toString()).contains("--role");
    }
}
