package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/serve's choice to build or not, run in a copy of the checkout with a fake Maven (it only
 * notes that it ran) and a fake Java (it prints what it was asked to run).
 */
@Timeout(30)
class ServeScriptTest {

    private static final Path BIN = Path.of("").toAbsolutePath().getParent().resolve("bin");
    private static final String LAUNCHER = "io.greenhouse.server.Launcher";

    @TempDir
    Path dir;
    private Path root;
    private Path built;

    private record Outcome(int status, String stdout, String stderr, boolean built) {
    }

    /** A fake Maven that notes that it ran, and fails (nothing is built). */
    private String fakeMaven = "touch '%s'\nexit 1\n";

    @BeforeEach
    void checkout() throws IOException {
        root = Files.createDirectories(dir.resolve("greenhouse"));
        Files.createDirectories(root.resolve("bin/lib"));
        Files.copy(BIN.resolve("serve"), root.resolve("bin/serve"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(BIN.resolve("lib/find-java.sh"), root.resolve("bin/lib/find-java.sh"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(root.resolve("server/src/main/java"));
        Files.writeString(root.resolve("server/pom.xml"), "<project/>\n");
        Files.writeString(root.resolve("server/src/main/java/Changed.java"), "class Changed {}\n");
        built = dir.resolve("maven-ran");
    }

    @Test
    void helpFromAnOutOfDateBuildIsPrintedWithoutBuilding() throws Exception {
        serverJar(Instant.now().minus(1, ChronoUnit.HOURS));  // older than the sources: out of date
        for (String help : List.of("--help", "-h")) {
            Outcome outcome = serve("--bind", "127.0.0.1:0", help);
            assertEquals(0, outcome.status());
            assertFalse(outcome.built(), help + " built first");
            assertTrue(outcome.stdout().contains(LAUNCHER + " --bind 127.0.0.1:0 " + help), outcome.stdout());
        }
    }

    @Test
    void helpWithNothingBuiltBuildsFirst() throws Exception {
        assertTrue(serve("--help").built());
    }

    @Test
    void anOutOfDateBuildIsRebuiltBeforeServing() throws Exception {
        serverJar(Instant.now().minus(1, ChronoUnit.HOURS));
        assertTrue(serve("--bind", "127.0.0.1:0").built());
    }

    @Test
    void helpAsAnOptionsValueIsNoRequestForHelp() throws Exception {
        // the launcher reads `--config --help` as a config file named --help, and would serve
        serverJar(Instant.now().minus(1, ChronoUnit.HOURS));
        assertTrue(serve("--config", "--help").built());
    }

    @Test
    void theBuildHoldsALockOnTheCheckoutSoThatTwoAtOnceTakeTurns() throws Exception {
        // two bin/serve (or one and bin/test) building at once in one target/ broke each other's build
        serverJar(Instant.now().minus(1, ChronoUnit.HOURS));
        Path lockedWhileBuilding = dir.resolve("locked-while-building");
        fakeMaven = "touch '%s'\nflock -n pom.xml true || touch '" + lockedWhileBuilding + "'\nexit 1\n";
        assertTrue(serve("--bind", "127.0.0.1:0").built());
        assertTrue(Files.exists(lockedWhileBuilding), "another build could have taken the lock meanwhile");
    }

    @Test
    void anOutOfDateBuildWithoutMavenSaysTheSourcesChanged() throws Exception {
        serverJar(Instant.now().minus(1, ChronoUnit.HOURS));
        fakeMaven = null;
        Outcome outcome = serve("--bind", "127.0.0.1:0");
        assertEquals(1, outcome.status());
        assertTrue(outcome.stderr().contains("the sources changed since the last build, and Maven (mvn) is not installed"),
                outcome.stderr());
    }

    private void serverJar(Instant modified) throws IOException {
        Path jar = Files.createDirectories(root.resolve("server/target")).resolve("greenhouse-server-0.1.0.jar");
        Files.write(jar, new byte[0]);
        Files.setLastModifiedTime(jar, FileTime.from(modified));
    }

    /** Runs bin/serve with a fake JDK as JAVA_HOME and a fake mvn first on PATH. */
    private Outcome serve(String... args) throws Exception {
        Path jdk = fakeJdk();
        Path tools = Files.createDirectories(dir.resolve("tools"));
        Files.deleteIfExists(tools.resolve("mvn"));
        if (fakeMaven != null) {
            executable(tools.resolve("mvn"), "#!/bin/sh\n" + fakeMaven.formatted(built));
        }
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("bin/serve").toString()));
        command.addAll(List.of(args));
        Path stderr = dir.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().put("JAVA_HOME", jdk.toString());
        builder.environment().put("PATH", fakeMaven != null ? tools + ":/usr/bin:/bin" : systemToolsButMaven().toString());
        builder.environment().remove("JAVA_OPTS");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Outcome(process.waitFor(), out, Files.readString(stderr), Files.exists(built));
    }

    /** A directory of links to the system's commands, Maven's left out: a host without Maven. */
    private Path systemToolsButMaven() throws IOException {
        Path tools = Files.createDirectories(dir.resolve("no-maven"));
        for (String system : List.of("/usr/bin", "/bin")) {
            try (var commands = Files.list(Path.of(system))) {
                for (Path command : (Iterable<Path>) commands::iterator) {
                    Path link = tools.resolve(command.getFileName());
                    if (!command.getFileName().toString().equals("mvn") && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, command);
                    }
                }
            }
        }
        return tools;
    }

    private Path fakeJdk() throws IOException {
        Path home = Files.createDirectories(dir.resolve("jdk-21"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"21.0.5\"\n");
        Path bin = Files.createDirectories(home.resolve("bin"));
        executable(bin.resolve("java"), "#!/bin/sh\necho \"java $*\"\n");
        executable(bin.resolve("javac"), "#!/bin/sh\nexit 0\n");
        return home;
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
