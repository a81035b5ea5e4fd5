package cn.certregistry;

import java.util.Arrays;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import cn.certregistry.log.monitor.MonitorCommand;

/**
 * The service, or with {@code monitor} as first argument the log monitor, which runs on its own: no
 * database, no HTTP server, no configuration of the service is started for it.
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("monitor")) {
            System.exit(MonitorCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        Quarkus.run(args);
    }
}
