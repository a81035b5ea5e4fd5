package cn.certregistry.log.monitor;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;

/**
 * {@code monitor <register URL> [--key <verifier key>] [--state <directory>]}: one run of {@link LogMonitor},
 * its findings one a line, then a summary. Exit status 0 when all holds, 1 with findings, 2 when the monitor
 * could not run (bad arguments, register unreachable, state unreadable).
 */
public final class MonitorCommand {

    public static final int CLEAN = 0;
    public static final int FINDINGS = 1;
    public static final int FAILED = 2;

    private static final String USAGE = "usage: monitor <register URL> [--key <verifier key>] [--state <directory>]";

    private MonitorCommand() {
    }

    /** Runs the monitor with the arguments after {@code monitor}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String url = null;
        String key = null;
        Path stateDirectory = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("--key") || arg.equals("--state")) && i + 1 < args.length) {
                if (arg.equals("--key")) {
                    key = args[++i];
                } else {
                    stateDirectory = Path.of(args[++i]);
                }
            } else if (arg.equals("--help") || arg.equals("-h")) {
                out.println(USAGE);
                return CLEAN;
            } else if (!arg.startsWith("-") && url == null) {
                url = arg;
            } else {
                err.println(USAGE);
                return FAILED;
            }
        }
        if (url == null) {
            err.println(USAGE);
            return FAILED;
        }
        URI register;
        try {
            register = URI.create(url);
        } catch (IllegalArgumentException e) {
            err.println("monitor: '" + url + "' is not a URL");
            return FAILED;
        }
        if (register.getScheme() == null || !register.getScheme().matches("https?") || register.getHost() == null) {
            err.println("monitor: '" + url + "' is not an http(s) URL");
            return FAILED;
        }
        LogMonitor monitor;
        try {
            monitor = new LogMonitor(register, key, stateDirectory);
        } catch (IllegalArgumentException e) {
            err.println("monitor: " + e.getMessage());
            return FAILED;
        }
        if (stateDirectory == null) {
            err.println("monitor: no --state directory: this run keeps nothing for the next one");
        }
        try {
            Report report = monitor.check();
            report.findings().forEach(out::println);
            out.println(report.summary());
            return report.clean() ? CLEAN : FINDINGS;
        } catch (IOException e) {
            err.println("monitor: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("monitor: interrupted");
            return FAILED;
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }
}
