package io.greenhouse.server;

import io.greenhouse.spi.App;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * The program behind {@code bin/serve}: reads the settings, loads the App, serves it, and on
 * SIGTERM, SIGINT or SIGHUP stops gracefully and exits 0. Every failure to start is one line on
 * stderr and exit status 2, never a stack trace.
 */
public final class Launcher {

    static final String DEFAULT_APP = "io.greenhouse.feedscraper.FeedScraperApp";

    private Launcher() {
    }

    public static void main(String[] args) {
        CommandLine command;
        try {
            command = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage() + " (see --help)");
            return;
        }
        if (command.help()) {
            CommandLine.printHelp(System.out);
            return;
        }
        try {
            run(command);
        } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
            fail(e.getMessage());  // a setting, a file, a port: one line, not a stack trace
        }
    }

    private static void run(CommandLine command) throws IOException {
        SettingsLoader loader = new SettingsLoader();
        Path config = command.config() != null ? Path.of(command.config()) : defaultConfig();
        if (config != null) {
            loader.file(config);
        }
        loader.environment(System.getenv());
        command.overrides().forEach(loader::override);
        Settings settings = loader.settings();

        String appName = command.app() != null ? command.app() : DEFAULT_APP;
        App app = loadApp(command, appName, settings, loader);

        Server server = Server.start(app, settings);
        ErrorLog log = ErrorLog.open(settings.errorLog());
        GracefulStop stop = new GracefulStop(server, app, log, settings.shutdownGrace());
        // Before the line that says we serve: whoever waits for it may signal at once.
        onSignal("TERM", "greenhouse-stop", stop);
        onSignal("INT", "greenhouse-stop", stop);
        // gunicorn and nginx reload on HUP, and a closed terminal sends it: stop as gracefully as for TERM
        // (the JVM's default would end the process at once); under nohup it stays ignored
        onSignal("HUP", "greenhouse-stop", () -> {
            log.log("SIGHUP: Greenhouse does not reload its settings; stopping (start it again to apply them)");
            stop.run();
        });
        onSignal("USR1", "greenhouse-reopen-logs", () -> reopenLogs(server, log));
        log.log("Greenhouse serving " + appName + " on " + server.url()
                + " (Java " + Runtime.version() + ", pid " + ProcessHandle.current().pid() + ")");
        AtomicBoolean failed = new AtomicBoolean();
        server.whenListenerFails(e -> {
            log.log("accepting connections failed; stopping", e);
            failed.set(true);
            Thread.ofPlatform().name("greenhouse-stop").start(stop);  // stop joins the failed loop's thread: not on it
        });
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(failed.get() ? 1 : 0);  // 1: restart me (a supervisor or container runtime)
    }

    private static App loadApp(CommandLine command, String appName, Settings settings, SettingsLoader loader) {
        try {
            return new AppLoader(classLoader(command.classpath())).load(appName, settings.asMap());
        } catch (AppLoader.FailedToStart e) {
            String origin = loader.originOfSettingsIn(e.why());
            throw origin == null ? e : e.from(origin);
        } catch (AppLoader.NotOnClasspath e) {
            if (command.app() == null) {
                throw new IllegalArgumentException("no APP given, and the bundled Feed Scraper is not built: " + e.getMessage());
            }
            throw e;
        }
    }

    private static void onSignal(String name, String threadName, Runnable action) {
        Signal.handle(new Signal(name), signal -> Thread.ofPlatform().name(threadName).start(action));
    }

    /** SIGUSR1, after logrotate has moved the log files: write to new ones under the same names. */
    private static void reopenLogs(Server server, ErrorLog log) {
        try {
            server.reopenLogs();
            log.reopen();
            log.log("reopened the log files");
        } catch (IOException e) {
            log.log("reopening the log files failed, writing on to the old ones: " + e.getMessage());
        }
    }

    /** conf/greenhouse.properties under GREENHOUSE_HOME (set by bin/serve), if it is there. */
    private static Path defaultConfig() {
        String home = System.getProperty("greenhouse.home");
        if (home == null) {
            return null;
        }
        Path path = Path.of(home, "conf", "greenhouse.properties");
        return Files.isRegularFile(path) ? path : null;
    }

    private static ClassLoader classLoader(String classpath) {
        ClassLoader parent = Launcher.class.getClassLoader();
        if (classpath == null || classpath.isBlank()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                if (entry.endsWith("/*") || entry.equals("*")) {
                    Path dir = Path.of(entry.substring(0, entry.length() - 1));
                    try (var jars = Files.list(dir)) {
                        for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                            urls.add(jar.toUri().toURL());
                        }
                    }
                } else {
                    Path path = Path.of(entry);
                    if (!Files.exists(path)) {
                        throw new IllegalArgumentException("classpath entry " + entry + " does not exist");
                    }
                    urls.add(path.toUri().toURL());
                }
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad classpath entry " + entry);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot list classpath entry " + entry + ": " + e.getMessage());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), parent);
    }

    private static void fail(String message) {
        PrintStream err = System.err;
        err.println("greenhouse: " + message);
        System.exit(2);
    }
}
