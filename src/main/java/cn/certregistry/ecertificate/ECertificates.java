package cn.certregistry.ecertificate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.certregistry.common.CostlyRequests;
import cn.certregistry.common.GenerationalCache;
import cn.certregistry.common.Hashes;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.common.RegistryConfig;
import cn.certregistry.qr.CertificateCodes;
import cn.certregistry.register.Certificate;
import cn.certregistry.register.CertificateService;
import cn.certregistry.register.CertificateViews;
import cn.certregistry.signing.DocumentSigningKey;
import cn.certregistry.signing.DocumentSigningKeys;

/**
 * Signed e-certificates, made once for each version of a certificate and kept in the database for every server: a
 * version is what the file prints (its {@link ECertificateFacts}: a new event, a status reached by expiry, a renamed
 * body make a new one), the layout, and the key that signs it.
 */
@ApplicationScoped
public class ECertificates {

    /** How long a request waits for the file another request of this server is making, before 503 with Retry-After. */
    private static final long WAIT_FOR_MAKER_SECONDS = 10;

    @Inject
    CertificateService certificates;
    @Inject
    CertificateCodes codes;
    @Inject
    DocumentSigningKeys keys;
    @Inject
    ECertificateFiles files;
    @Inject
    ECertificateConfig config;
    @Inject
    RegistryConfig registry;
    @Inject
    RegisterClock clock;
    @Inject
    CostlyRequests costly;
    @Inject
    ObjectMapper json;

    /** The version a request asks for: its facts, the key that signs it, and their digest (the ETag). */
    public record Version(String number, String digest, ECertificateFacts facts, DocumentSigningKey signer) {
    }

    /** The files served lately, by version: a crowd asking for one certificate reads it from the database once. */
    private final GenerationalCache<String, ECertificateFiles.Stored> served = new GenerationalCache<>(32L << 20,
            stored -> stored.pdf().length);
    /** The versions this server is making now: a second request for one waits for the first instead of making it too. */
    private final ConcurrentHashMap<String, CompletableFuture<ECertificateFiles.Stored>> making = new ConcurrentHashMap<>();

    /** The current version of a certificate (its number normalised as the register keeps it); 404 when there is none. */
    public Version version(String number) {
        CertificateViews.Record record = certificates.record(number);
        ECertificateFacts facts = ECertificateFacts.of(record, codes.url(number));
        DocumentSigningKey signer = keys.active();
        try {
            String described = json.writeValueAsString(facts) + "\n" + ECertificateLayout.VERSION + "\n" + signer.kid();
            String digest = HexFormat.of().formatHex(Hashes.sha256(described)).substring(0, 32);
            return new Version(record.number(), digest, facts, signer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot describe the e-certificate of " + number, e);
        }
    }

    /** The signed file of a version: from memory, from the database, or made now (and stored for every server). */
    public ECertificateFiles.Stored file(Version version) {
        String key = version.number() + " " + version.digest();
        ECertificateFiles.Stored stored = served.get(key);
        if (stored == null) {
            stored = files.find(version.number(), version.digest()).orElseGet(() -> makeOnce(key, version));
            served.put(key, stored);
        }
        return stored;
    }

    private ECertificateFiles.Stored makeOnce(String key, Version version) {
        CompletableFuture<ECertificateFiles.Stored> mine = new CompletableFuture<>();
        CompletableFuture<ECertificateFiles.Stored> running = making.putIfAbsent(key, mine);
        if (running != null) {
            return awaitOther(running);
        }
        try {
            ECertificateFiles.Stored made = costly.run(() -> make(version));
            ECertificateFiles.Stored kept = files.store(version.number(), made, version.signer().kid());
            mine.complete(kept);
            return kept;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            making.remove(key, mine);
        }
    }

    private static ECertificateFiles.Stored awaitOther(CompletableFuture<ECertificateFiles.Stored> running) {
        try {
            return running.get(WAIT_FOR_MAKER_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "The e-certificate is being made; ask again in a few seconds.",
                    null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.UNAVAILABLE, "The server is stopping.", null);
        }
    }

    private ECertificateFiles.Stored make(Version version) {
        Path font = firstFont(config.fonts());
        // whole seconds: what the file says, the database keeps and Last-Modified sends are the same instant
        ZonedDateTime madeAt = ZonedDateTime.now(clock.zone()).truncatedTo(ChronoUnit.SECONDS);
        String base = registry.publicBaseUrl().replaceAll("/+$", "");
        byte[] unsigned = ECertificateLayout.draw(version.facts(), madeAt, font, base + "/.well-known/document-signing",
                version.signer().kid());
        byte[] signed = PdfSigner.sign(unsigned, version.signer(), madeAt, base);
        return new ECertificateFiles.Stored(version.digest(), madeAt.toOffsetDateTime(), signed);
    }

    /** The first configured font that is there; none is an operator's matter, said by a problem of its own. */
    static Path firstFont(List<String> candidates) {
        for (String candidate : candidates) {
            Path path = Path.of(candidate);
            if (Files.isReadable(path)) {
                return path;
            }
        }
        throw new ProblemException(ProblemType.NO_DOCUMENT_FONT, "This server has no font with Chinese glyphs to draw"
                + " e-certificates with: install Debian's fonts-wqy-zenhei, or set registry.e-certificate.fonts to a TrueType"
                + " font file (.ttf or .ttc).", null);
    }
}
