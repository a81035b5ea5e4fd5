package cn.certregistry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/**
 * The layering of {@code docs/architecture.md}, checked on the compiled classes: every folder is on a floor of the
 * table there, and imports only from floors below its own.
 */
class ArchitectureTest {

    private static final String ROOT = "cn.certregistry";
    private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| (\\w+) \\|", Pattern.MULTILINE);

    /** Folder → floor, as the document's table says. */
    static Map<String, Integer> floors() throws IOException {
        Map<String, Integer> floors = new LinkedHashMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("docs/architecture.md")));
        while (row.find()) {
            floors.put(row.group(2), Integer.parseInt(row.group(1)));
        }
        return floors;
    }

    /**
     * The compiled classes, imported once for the class's three rules: reading every class file is most of this test's
     * time, and the classes do not change while it runs.
     */
    private static JavaClasses imported;

    private static synchronized JavaClasses classes() {
        if (imported == null) {
            imported = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
        }
        return imported;
    }

    /** The folder a package is in: {@code cn.certregistry.log.monitor} is in {@code log}; the root is in none. */
    private static String folder(String packageName) {
        if (!packageName.startsWith(ROOT + ".")) {
            return null;
        }
        String rest = packageName.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    @Test
    void everyFolderIsOnAFloorOfTheDocument() throws IOException {
        Set<String> folders = new TreeSet<>();
        try (Stream<Path> entries = Files.list(Path.of("src/main/java/cn/certregistry"))) {
            entries.filter(Files::isDirectory).forEach(entry -> folders.add(entry.getFileName().toString()));
        }
        assertEquals(folders, new TreeSet<>(floors().keySet()), "the folders of src/main/java and of docs/architecture.md");
    }

    @Test
    void aFolderImportsOnlyFromTheFloorsBelowItsOwn() throws IOException {
        Map<String, Integer> floors = floors();
        ArchCondition<JavaClass> belowOnly = new ArchCondition<>("import only from its own folder and the floors below") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                String from = folder(type.getPackageName());
                for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                    String to = folder(dependency.getTargetClass().getPackageName());
                    if (from == null || to == null || to.equals(from)) {
                        continue;
                    }
                    if (!floors.containsKey(to) || floors.get(to) >= floors.getOrDefault(from, -1)) {
                        events.add(SimpleConditionEvent.violated(dependency, from + " (floor " + floors.get(from) + ") → " + to
                                + " (floor " + floors.get(to) + "): " + dependency.getDescription()));
                    }
                }
            }
        };
        ArchRuleDefinition.classes().that().resideInAPackage(ROOT + "..").should(belowOnly).check(classes());
    }

    @Test
    void noFoldersDependOnEachOtherInACycle() {
        SlicesRuleDefinition.slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes());
    }

    /**
     * A resource translates HTTP only: its queries, sessions and transactions are its feature's service's or query class's. (The
     * benchmark's endpoints, built for the harness only, measure the database through the stack: they are the exception.)
     */
    @Test
    void resourcesRunNoSqlAndHoldNoSessions() {
        ArchRuleDefinition.noClasses().that().areAnnotatedWith("jakarta.ws.rs.Path").and().resideOutsideOfPackage(ROOT + ".bench..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "jakarta.persistence..", "org.hibernate..", "io.agroal..",
                        "jakarta.transaction..", "io.quarkus.hibernate.orm.panache..", "io.quarkus.panache..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".common.ReadReplica")
                .check(classes());
    }
}
