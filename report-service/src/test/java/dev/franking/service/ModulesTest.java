package dev.franking.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The feature packages of the service as Spring Modulith sees them: no cycles, and no module
 * reaching into another's internals (only the public types of a module's base package, or of a
 * named interface, are its API). The module diagrams (PlantUML, C4) and canvases are committed in
 * {@code docs/modules}; this test regenerates them and fails while the committed copy is stale, so
 * that a change of the walls shows in review.
 */
class ModulesTest {
    private static final Path COMMITTED = Path.of("docs/modules");
    private static final Path FRESH = Path.of("target/modules-docs");

    /**
     * The application class is the composition root: its {@code main} dispatches the offline
     * commands (token, keygen, add-user) before Spring starts, so it knows their packages by
     * design. It is left out of the module graph; everything else in the base package (settings)
     * depends on no module.
     */
    static final ApplicationModules MODULES =
            ApplicationModules.of(
                    ReportServiceApplication.class,
                    DescribedPredicate.describe(
                            "the application class (composition root)",
                            (JavaClass c) -> c.isEquivalentTo(ReportServiceApplication.class)));

    @Test
    void theModulesHaveNoCyclesAndUseOnlyEachOthersApi() {
        MODULES.verify();
    }

    @Test
    void theCommittedModuleDiagramsAreCurrent() throws IOException {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(FRESH.toString()))
                .writeDocumentation();
        List<String> stale = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(files(FRESH));
        names.addAll(files(COMMITTED));
        Files.createDirectories(COMMITTED);
        for (String name : names) {
            Path fresh = FRESH.resolve(name);
            Path committed = COMMITTED.resolve(name);
            if (!Files.exists(fresh)) {
                stale.add(name + " (no longer generated)");
                Files.delete(committed);
            } else if (!Files.exists(committed) || !lines(fresh).equals(lines(committed))) {
                stale.add(name);
                Files.copy(fresh, committed, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertThat(stale)
                .as("docs/modules was stale and has been regenerated: review and commit" + " it")
                .isEmpty();
    }

    /**
     * A file's lines in sorted order: the Documenter lists modules and arrows in hash order, which
     * may differ between runs; what they are is what matters.
     */
    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().sorted().toList();
    }

    private static List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }
}
