package cn.certregistry.procurement;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import cn.certregistry.common.Hashes;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.ReadReplica;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.document.DocumentConfig;
import cn.certregistry.document.DocumentLimits;
import cn.certregistry.document.DocumentReader;
import cn.certregistry.document.DocumentRefused;
import cn.certregistry.document.PdfSignatures;
import cn.certregistry.document.ReaderProcesses;
import cn.certregistry.signing.DocumentSigningKeys;
import cn.certregistry.signing.KeyState;
import cn.certregistry.signing.SigningKeys;
import cn.certregistry.signing.Tokens;
import cn.certregistry.verification.ProcurementVerdict;
import cn.certregistry.verification.VerificationService;

/**
 * A bid file checked whole: its files read by {@link DocumentReader} in a process of its own ({@link ReaderProcesses}, at
 * most {@link DocumentConfig#atOnce()} at a time, killed at the deadline), then every code found verified as {@code /v/{token}}
 * verifies it and every certificate found, by its code or its printed number, checked as the procurement check does:
 * as of the bid date, against the bidder's credit code.
 */
@ApplicationScoped
public class DocumentCheck {

    /** How a certificate was found on a page. */
    public enum FoundBy {
        QR_CODE, PRINTED_NUMBER
    }

    /** Why a certificate found in an altered e-certificate is not checked further. */
    static final String ALTERED = "the e-certificate was changed after the register signed it: its signature does not hold";

    /** A file of the request: its name as sent, and where it was written as it arrived. */
    public record Upload(String name, Path file) {

        long size() {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String sha256() {
            MessageDigest digest = Hashes.sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    /** A page of a file, both counted from 1. */
    public record PageRef(int file, int page) {
    }

    /** A certificate found on a page, how, and what the register says of it; {@code reason} for a code not genuine. */
    public record Finding(PageRef at, FoundBy foundBy, VerificationService.Check check, String reason) {
    }

    public record Outcome(LocalDate bidDate, String creditCode, OffsetDateTime checkedAt, List<ProcurementCheck.Document> files,
            List<Finding> findings, List<PageRef> unreadable, List<Thumbnail> thumbnails) {

        public long good() {
            return findings.stream().filter(f -> f.check().verdict() == ProcurementVerdict.VALID_ON_DATE).count();
        }

        /** The findings as the lines of a procurement check, for the same tables, downloads and signed report. */
        public ProcurementCheck.Outcome asProcurementCheck() {
            List<ProcurementCheck.Line> lines = new ArrayList<>();
            for (int i = 0; i < findings.size(); i++) {
                Finding finding = findings.get(i);
                lines.add(new ProcurementCheck.Line(i + 1, finding.check().number(), creditCode, finding.at().file(),
                        finding.at().page(), finding.foundBy().name()));
            }
            return new ProcurementCheck.Outcome(bidDate, checkedAt, lines, findings.stream().map(Finding::check).toList(), good(),
                    files);
        }
    }

    /** A small JPEG of a page on which something was found. */
    public record Thumbnail(PageRef at, byte[] jpeg) {
    }

    @Inject
    DocumentConfig config;
    @Inject
    VerificationService verification;
    @Inject
    SigningKeys keys;
    @Inject
    DocumentSigningKeys documentKeys;
    @Inject
    RegisterClock clock;
    @Inject
    ReadReplica replica;
    @Inject
    ReaderProcesses readers;
    @Inject
    DocumentSlots slots;

    public Outcome check(List<Upload> uploads, String bidDate, String creditCode) {
        LocalDate on = bidDate == null || bidDate.isBlank() ? clock.today() : QueryParameters.parseDate("on", bidDate.strip());
        String bidder = creditCode == null || creditCode.isBlank() ? null
                : VerificationService.creditCode("creditCode", creditCode.strip());
        if (uploads.isEmpty() || uploads.stream().allMatch(upload -> upload.size() == 0)) {
            throw ProblemException.invalidParameter("file", "Give a bid file: a PDF, or photos of certificates (JPEG, PNG).");
        }
        long bytes = uploads.stream().mapToLong(Upload::size).sum();
        if (bytes > config.maxBytes()) {
            throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, "The files have " + bytes + " bytes; at most "
                    + config.maxBytes() + " are read at once.", "file");
        }
        // the request took its slot before its body was read; it is given back once the reader's process has ended
        DocumentSlots.Slot slot = slots.held();
        slot.reading();
        List<DocumentReader.Read> reads;
        try {
            DocumentLimits limits = new DocumentLimits(config.maxBytes(), config.maxPages(), config.dpi(), config.maxPixels(),
                    config.maxImagePixels(), config.maxDecodedPerPage(), config.maxDecodedPerFile(), config.maxTime());
            reads = readers.read(uploads.stream().map(Upload::file).toList(), limits, numberPattern());
        } catch (DocumentRefused refused) {
            throw refused(refused);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.UNAVAILABLE, "The server is stopping.", null);
        } finally {
            slot.readingEnded();
        }
        return outcome(uploads, reads, on, bidder);
    }

    private Outcome outcome(List<Upload> uploads, List<DocumentReader.Read> reads, LocalDate on, String bidder) {
        List<ProcurementCheck.Document> files = new ArrayList<>();
        List<PageRef> at = new ArrayList<>();
        List<FoundBy> how = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<ProcurementVerdict> refusals = new ArrayList<>();
        List<VerificationService.Line> lines = new ArrayList<>();
        List<PageRef> unreadable = new ArrayList<>();
        List<Thumbnail> thumbnails = new ArrayList<>();
        for (int f = 0; f < uploads.size(); f++) {
            DocumentReader.Read read = reads.get(f);
            files.add(new ProcurementCheck.Document(uploads.get(f).name(), uploads.get(f).sha256(), read.pages()));
            boolean altered = alteredECertificate(read.signatures());
            for (DocumentReader.Page page : read.found()) {
                PageRef ref = new PageRef(f + 1, page.number());
                List<String> byCode = new ArrayList<>();
                for (String code : page.codes()) {
                    String token = token(code);
                    if (token == null) {
                        continue; // a code that is no verification address: a bidder's website, say
                    }
                    Tokens.Checked checked = Tokens.verify(token, keys.ring());
                    at.add(ref);
                    how.add(FoundBy.QR_CODE);
                    if (!checked.genuine()) {
                        reasons.add(checked.failure());
                        refusals.add(ProcurementVerdict.NOT_GENUINE);
                    } else {
                        reasons.add(altered ? ALTERED : null);
                        refusals.add(altered ? ProcurementVerdict.ALTERED : null);
                    }
                    lines.add(new VerificationService.Line(lines.size(), checked.genuine() ? checked.claims().number() : null, bidder,
                            null));
                    if (checked.genuine()) {
                        byCode.add(checked.claims().number());
                    }
                }
                for (String number : page.printedNumbers()) {
                    if (!byCode.contains(number)) {
                        at.add(ref);
                        how.add(FoundBy.PRINTED_NUMBER);
                        reasons.add(altered ? ALTERED : null);
                        refusals.add(altered ? ProcurementVerdict.ALTERED : null);
                        lines.add(new VerificationService.Line(lines.size(), number, bidder, null));
                    }
                }
                if (page.unreadableCode()) {
                    unreadable.add(ref);
                }
                if (page.thumbnail() != null) {
                    thumbnails.add(new Thumbnail(ref, page.thumbnail()));
                }
            }
        }
        if (lines.size() > ProcurementCheck.MAX_LINES) {
            throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, "The files show " + lines.size() + " certificates; at most "
                    + ProcurementCheck.MAX_LINES + " are checked at once.", "file");
        }
        List<VerificationService.Check> checks = lines.isEmpty() ? List.of() : verification.checkLines(lines, on);
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            VerificationService.Check check = refusals.get(i) == null ? checks.get(i)
                    : refused(i, refusals.get(i) == ProcurementVerdict.ALTERED ? lines.get(i).number() : null, bidder, on,
                            refusals.get(i));
            findings.add(new Finding(at.get(i), how.get(i), check, reasons.get(i)));
        }
        return new Outcome(on, bidder, OffsetDateTime.now(clock.zone()), files, findings, unreadable, thumbnails);
    }

    private static VerificationService.Check refused(int index, String number, String bidder, LocalDate on,
            ProcurementVerdict verdict) {
        return new VerificationService.Check(index, number, bidder, on, verdict, verdict.label, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    /**
     * Whether a file is an e-certificate of this register whose signature no longer holds: signed by one of the
     * register's document-signing keys, and the signature fails (a changed byte), leaves bytes out (something added
     * after signing), or is by a revoked key. A file signed by others (a bidder's own signature) is judged by its
     * contents alone, as an unsigned one is.
     */
    private boolean alteredECertificate(List<PdfSignatures.Signature> signatures) {
        for (PdfSignatures.Signature signature : signatures) {
            if (signature.signerCertificate() == null) {
                continue;
            }
            boolean holds = documentKeys.byCertificate(signature.signerCertificate())
                    .map(key -> signature.verifies() && signature.coversWholeFile() && key.state() != KeyState.REVOKED)
                    .orElse(true);
            if (!holds) {
                return true;
            }
        }
        return false;
    }

    /** The token of a verification address ({@code …/V/<token>}, any host: a look-alike's code is checked too). */
    static String token(String code) {
        int at = code.toUpperCase(Locale.ROOT).lastIndexOf("/V/");
        if (at < 0) {
            return null;
        }
        return code.substring(at + 3).replaceFirst("[?#].*$", "").strip();
    }

    /** Numbers under the registered bodies' prefixes: a prefix, then letters, digits and hyphens, a digit among them. */
    private Pattern numberPattern() {
        List<String> prefixes = replica.inSession(session -> session
                .createNativeQuery("select prefix from body_number_prefix order by length(prefix) desc", String.class).getResultList());
        if (prefixes.isEmpty()) {
            return Pattern.compile("(?!)");
        }
        String alternatives = prefixes.stream().map(Pattern::quote).collect(Collectors.joining("|"));
        return Pattern.compile("(?<![A-Za-z0-9-])(?:" + alternatives + ")[A-Za-z0-9-]*[0-9][A-Za-z0-9-]*");
    }

    private static ProblemException refused(DocumentRefused refused) {
        return switch (refused.reason()) {
            case TOO_LARGE, TOO_MANY_PAGES -> new ProblemException(ProblemType.CONTENT_TOO_LARGE, refused.getMessage(), "file");
            default -> new ProblemException(ProblemType.UNREADABLE_DOCUMENT, refused.getMessage(), "file");
        };
    }
}
