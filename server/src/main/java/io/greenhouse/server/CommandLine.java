package io.greenhouse.server;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arguments of {@code bin/serve}:
 * {@code [--bind HOST:PORT] [--classpath PATH] [--config FILE] [--set NAME=VALUE]... [--NAME VALUE]... [APP]},
 * where {@code --NAME VALUE} is short for {@code --set server.NAME=VALUE}.
 *
 * @param app the App to serve, or null for the bundled one
 * @param classpath extra classpath entries for the App, or null
 * @param config the properties file, or null for the default one
 * @param overrides settings given on the command line, by name
 * @param help whether --help was asked for
 */
record CommandLine(String app, String classpath, String config, Map<String, String> overrides, boolean help) {

    private static void requireKnown(String option) {
        switch (option) {
            case "classpath", "cp", "config", "bind", "set" -> {
                return;
            }
            default -> {
                if (Settings.DEFAULTS.containsKey("server." + option)) {
                    return;
                }
                String shorter = option.startsWith("server.") ? option.substring("server.".length()) : null;
                throw new IllegalArgumentException("unknown option --" + option
                        + (shorter != null && Settings.DEFAULTS.containsKey(option) ? " (server settings go as --" + shorter + ")" : ""));
            }
        }
    }

    /** @throws IllegalArgumentException with a one-line reason */
    static CommandLine parse(String[] args) {
        String app = null;
        String classpath = null;
        String config = null;
        boolean help = false;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.startsWith("--")) {
                String option = arg.substring(2);
                String value = null;
                int eq = option.indexOf('=');
                if (eq >= 0) {
                    value = option.substring(eq + 1);
                    option = option.substring(0, eq);
                }
                requireKnown(option);
                if (value != null) {
                    // given as --option=value
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException("option --" + option + " needs a value");
                }
                switch (option) {
                    case "classpath", "cp" -> classpath = value;
                    case "config" -> config = value;
                    case "bind" -> overrides.put("server.bind", value);
                    case "set" -> {
                        int sep = value.indexOf('=');
                        if (sep <= 0) {
                            throw new IllegalArgumentException("--set takes NAME=VALUE, not '" + value + "'");
                        }
                        overrides.put(value.substring(0, sep).trim(), value.substring(sep + 1).trim());
                    }
                    default -> {
                        String name = "server." + option;
                        if (!Settings.DEFAULTS.containsKey(name)) {
                            throw new IllegalArgumentException("unknown option --" + option);
                        }
                        overrides.put(name, value);
                    }
                }
            } else if (arg.startsWith("-") && arg.length() > 1) {
                throw new IllegalArgumentException("unknown option " + arg);  // a class name never starts with '-'
            } else if (app == null) {
                app = arg;
            } else {
                throw new IllegalArgumentException("more than one APP given: " + app + " and " + arg);
            }
        }
        return new CommandLine(app, classpath, config, overrides, help);
    }

    static void printHelp(PrintStream out) {
        out.println("""
                Usage: bin/serve [options] [APP]

                Serves APP over HTTP/1.1. APP is a class implementing io.greenhouse.spi.App with a public
                constructor taking a Map<String,String> of settings or none, or pkg.Class::member naming a
                static field or static no-arg method that holds or returns one. Without APP: the bundled
                Feed Scraper (io.greenhouse.feedscraper.FeedScraperApp).

                Options:
                  --bind HOST:PORT        where to listen (server.bind); unix:PATH for a Unix domain socket
                  --classpath PATH        jars and class directories to load APP from (':'-separated; dir/* for all jars)
                  --config FILE           settings file (default: conf/greenhouse.properties)
                  --set NAME=VALUE        set any setting, including an app's own (repeatable)
                  --NAME VALUE            short for --set server.NAME=VALUE
                  --help                  this text

                Settings, with their defaults (environment: GREENHOUSE_NAME, upper-cased, '.' and '-' as '_'):""");
        Settings.DEFAULTS.forEach((name, value) -> out.printf("  %-32s %s%n", name, value));
        out.println("""

                Durations take ms, s, m or h (a plain number is seconds). The access log and error log take
                stdout, stderr, a file path, or (access log only) off.""");
    }
}
