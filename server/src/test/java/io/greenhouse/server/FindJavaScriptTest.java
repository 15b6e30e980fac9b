package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/lib/find-java.sh, which bin/serve and bin/test source: JAVA_HOME when it is a Java 21+
 * JDK, else the newest one beside the default java, else one clear line and exit status 1.
 * Run against fake JDKs (a release file and executable bin/java, bin/javac).
 */
@Timeout(30)
class FindJavaScriptTest {

    private static final Path SCRIPT = Path.of("").toAbsolutePath().getParent().resolve("bin/lib/find-java.sh");

    @TempDir
    Path jvms;

    private record Outcome(int status, String stdout, String stderr) {
    }

    @Test
    void takesJavaHomeWhenItIsAJdk21OrNewer() throws Exception {
        Path jdk21 = fakeJava("jdk-21", "21.0.5", true);
        fakeJava("jdk-25", "25.0.1", true);
        Outcome found = find(Map.of("JAVA_HOME", jdk21.toString()), fakeJava("jdk-17", "17.0.15", true));
        assertEquals(0, found.status(), found.stderr());
        assertEquals(jdk21.toString(), found.stdout());
    }

    @Test
    void takesTheNewestJdkBesideTheDefaultJavaWhenJavaHomeIsTooOld() throws Exception {
        Path jdk17 = fakeJava("jdk-17", "17.0.15", true);
        fakeJava("jdk-21", "21.0.5", true);
        Path jdk25 = fakeJava("jdk-25", "25.0.1", true);
        Outcome found = find(Map.of("JAVA_HOME", jdk17.toString()), jdk17);
        assertEquals(0, found.status(), found.stderr());
        assertEquals(jdk25.toString(), found.stdout());
    }

    @Test
    void failsWithOneClearLineWhenNoJdk21IsInstalled() throws Exception {
        Path jdk17 = fakeJava("jdk-17", "17.0.15", true);
        Outcome none = find(Map.of(), jdk17);
        assertEquals(1, none.status());
        assertEquals(1, none.stderr().lines().count(), none.stderr());
        assertTrue(none.stderr().startsWith("greenhouse: no Java 21+ JDK found"), none.stderr());
    }

    @Test
    void aRuntimeWithoutJavacIsEnoughOnlyToRun() throws Exception {
        Path jdk17 = fakeJava("jdk-17", "17.0.15", true);
        Path jre21 = fakeJava("jre-21", "21.0.5", false);
        Outcome toBuild = find(Map.of(), jdk17);
        assertEquals(1, toBuild.status(), toBuild.stdout());
        Outcome toRun = find(Map.of("GREENHOUSE_JAVA_NEEDS", "runtime"), jdk17);
        assertEquals(0, toRun.status(), toRun.stderr());
        assertEquals(jre21.toString(), toRun.stdout());
    }

    /** A fake Java installation under the temp dir: its release file says {@code version}. */
    private Path fakeJava(String name, String version, boolean withJavac) throws IOException {
        Path home = Files.createDirectories(jvms.resolve(name));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path bin = Files.createDirectories(home.resolve("bin"));
        executable(bin.resolve("java"));
        if (withJavac) {
            executable(bin.resolve("javac"));
        }
        return home;
    }

    private static void executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Sources the script with {@code defaultJava}'s bin first on PATH and only the temp dir to search. */
    private Outcome find(Map<String, String> env, Path defaultJava) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", "-c", ". \"$1\" && printf %s \"$JAVA_HOME\"", "find-java", SCRIPT.toString()));
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", defaultJava.resolve("bin") + ":/usr/bin:/bin");
        builder.environment().put("GREENHOUSE_JVM_DIRS", jvms.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Outcome(process.waitFor(), out, err);
    }
}
