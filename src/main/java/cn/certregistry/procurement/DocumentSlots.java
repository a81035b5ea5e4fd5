package cn.certregistry.procurement;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.document.DocumentConfig;

/**
 * The bid files one server reads at once. A request that uploads one takes its slot before its body is read (a filter
 * that runs before the form is), so a crowd of uploads beyond the slots costs a 429 each, not 30 MB each. The slot is
 * given back once the file's reader has ended, or when the answer ends if the request never reached the reader.
 */
@ApplicationScoped
public class DocumentSlots {

    /** The paths that upload bid files. */
    static final Set<String> UPLOADS = Set.of("/api/v1/verify/document", "/procurement/document");
    private static final String HELD = DocumentSlots.class.getName();

    /** A slot taken for a request: given back once, by whichever comes last of its reading and its answer. */
    static final class Slot {

        private final Semaphore slots;
        private final AtomicBoolean given = new AtomicBoolean();
        private volatile boolean reading;

        Slot(Semaphore slots) {
            this.slots = slots;
        }

        /** The reader starts: from now on only the end of the reading gives the slot back. */
        void reading() {
            reading = true;
        }

        void readingEnded() {
            giveBack();
        }

        void answerEnded() {
            if (!reading) {
                giveBack();
            }
        }

        private void giveBack() {
            if (given.compareAndSet(false, true)) {
                slots.release();
            }
        }
    }

    @Inject
    DocumentConfig config;
    @Inject
    CurrentVertxRequest current;

    private Semaphore slots;

    @PostConstruct
    void start() {
        slots = new Semaphore(config.atOnce());
    }

    /** The slots (for tests). */
    Semaphore slots() {
        return slots;
    }

    @ServerRequestFilter(preMatching = true)
    public void take(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod()) || !UPLOADS.contains(request.getUriInfo().getPath())) {
            return;
        }
        if (!slots.tryAcquire()) {
            throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "The server is reading as many bid files as it does at"
                    + " once (" + config.atOnce() + "); try again in a few seconds.", null);
        }
        Slot slot = new Slot(slots);
        RoutingContext routing = current.getCurrent();
        routing.put(HELD, slot);
        routing.addEndHandler(ended -> slot.answerEnded());
    }

    /**
     * A slot for a job taken up from a server that died, if one is free now: it is given back once the job's reader has
     * ended. A request never waits for it: while every slot is taken, the job waits for a later look.
     */
    Optional<Slot> spare() {
        if (!slots.tryAcquire()) {
            return Optional.empty();
        }
        Slot slot = new Slot(slots);
        slot.reading();
        return Optional.of(slot);
    }

    /** The slot the current request took; the request must be one of {@link #UPLOADS}. */
    Slot held() {
        Slot slot = current.getCurrent().get(HELD);
        if (slot == null) {
            throw new IllegalStateException("A bid file is read only by a request that took a slot");
        }
        return slot;
    }
}
