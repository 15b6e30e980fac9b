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

    private record Outcome(int status, String stdout, boolean built) {
    }

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

    private void serverJar(Instant modified) throws IOException {
        Path jar = Files.createDirectories(root.resolve("server/target")).resolve("greenhouse-server-0.1.0.jar");
        Files.write(jar, new byte[0]);
        Files.setLastModifiedTime(jar, FileTime.from(modified));
    }

    /** Runs bin/serve with a fake JDK as JAVA_HOME and a fake mvn first on PATH. */
    private Outcome serve(String... args) throws Exception {
        Path jdk = fakeJdk();
        Path tools = Files.createDirectories(dir.resolve("tools"));
        executable(tools.resolve("mvn"), "#!/bin/sh\ntouch '" + built + "'\nexit 1\n");
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("bin/serve").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", jdk.toString());
        builder.environment().put("PATH", tools + ":/usr/bin:/bin");
        builder.environment().remove("JAVA_OPTS");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Outcome(process.waitFor(), out, Files.exists(built));
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
