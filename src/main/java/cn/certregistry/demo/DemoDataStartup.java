package cn.certregistry.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

import cn.certregistry.access.ApiKeys;
import cn.certregistry.body.CertificationBody;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.common.RegistryConfig;
import cn.certregistry.embedded.EmbeddedDatabase;
import cn.certregistry.register.Certificate;
import cn.certregistry.scheme.SchemeCatalogue;

/** Fills an empty register with demo certificates on start, when asked to (or by default, on the embedded database). */
public class DemoDataStartup {

    private static final Logger LOG = Logger.getLogger(DemoDataStartup.class);
    /** The demo data's seed: every demo register, and the benchmark's baseline load, holds the same certificates. */
    public static final long SEED = 20_261_124L;
    private static final String DEMO_KEY_LABEL = "demo";

    @Inject
    RegistryConfig config;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    SchemeCatalogue schemes;
    @Inject
    RegisterClock clock;
    @Inject
    ApiKeys keys;

    void onStart(@Observes StartupEvent event) throws Exception {
        if (config.demoData().orElse(EmbeddedDatabase.isRunning()) && !hasCertificates()) {
            long started = System.nanoTime();
            long loaded = new BulkLoader(schemes.all()).load(dataSource, config.demoDataSize(), SEED, clock.today(),
                    config.demoDataRegion().orElse(""));
            LOG.infof("Loaded %d demo certificates in %d ms", loaded, (System.nanoTime() - started) / 1_000_000);
        }
        if (EmbeddedDatabase.isRunning()) {
            writeDemoKeys();
        }
    }

    /**
     * The embedded (local, demo) register hands out fresh demo keys at every start; earlier ones are revoked. They are
     * written to a file only its owner reads, beside the database, never to the log: a log is read by more people.
     */
    private void writeDemoKeys() throws IOException {
        keys.revokeLabelled(DEMO_KEY_LABEL);
        ApiKeys.CreatedKey admin = keys.createAdmin(DEMO_KEY_LABEL);
        String bodyCode = DemoDataGenerator.BODIES.get(0).code();
        ApiKeys.CreatedKey body = QuarkusTransaction.requiringNew().call(() -> CertificationBody.findByCode(bodyCode)
                .map(b -> keys.createForBody(b, DEMO_KEY_LABEL)).orElse(null));
        StringBuilder text = new StringBuilder("admin ").append(admin.key()).append('\n');
        if (body != null) {
            text.append("body ").append(bodyCode).append(' ').append(body.key()).append('\n');
        }
        Path file = EmbeddedDatabase.directory().orElseThrow().resolveSibling("demo-keys.txt");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
        LOG.infof("Demo keys (an admin key, and a body key for %s) are in %s", bodyCode, file);
    }

    private boolean hasCertificates() {
        // whether there is one, not how many: counting a million rows took a tenth of the start
        return QuarkusTransaction.requiringNew().call(() -> Certificate.findAll().firstResultOptional()
                .isPresent());
    }
}
