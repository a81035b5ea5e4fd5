package cn.certregistry;

import java.util.Arrays;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import cn.certregistry.log.monitor.MonitorCommand;
import cn.certregistry.log.witness.WitnessCommand;

/**
 * The service; or, with {@code monitor} as first argument, the log monitor, or with {@code witness} a log witness: they
 * run on their own, and no database, no Quarkus and no configuration of the service is started for them.
 */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("monitor")) {
            System.exit(MonitorCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("witness")) {
            System.exit(WitnessCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        Quarkus.run(args);
    }
}
