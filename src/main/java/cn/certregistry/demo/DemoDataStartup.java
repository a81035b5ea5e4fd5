package cn.certregistry.demo;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;

import cn.certregistry.common.RegisterClock;
import cn.certregistry.common.RegistryConfig;
import cn.certregistry.embedded.EmbeddedDatabase;
import cn.certregistry.register.Certificate;
import cn.certregistry.scheme.SchemeCatalogue;

/** Fills an empty register with demo certificates on start, when asked to (or by default, on the embedded database). */
public class DemoDataStartup {

    private static final Logger LOG = Logger.getLogger(DemoDataStartup.class);
    private static final long SEED = 20_261_124L;

    @Inject
    RegistryConfig config;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    SchemeCatalogue schemes;
    @Inject
    RegisterClock clock;

    void onStart(@Observes StartupEvent event) throws Exception {
        if (!config.demoData().orElse(EmbeddedDatabase.isRunning()) || hasCertificates()) {
            return;
        }
        long started = System.nanoTime();
        long loaded = new BulkLoader(dataSource, schemes.all()).load(config.demoDataSize(), SEED, clock.today());
        LOG.infof("Loaded %d demo certificates in %d ms", loaded, (System.nanoTime() - started) / 1_000_000);
    }

    private boolean hasCertificates() {
        return QuarkusTransaction.requiringNew().call(() -> Certificate.count() > 0);
    }
}
