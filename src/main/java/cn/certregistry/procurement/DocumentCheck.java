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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;

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
import cn.certregistry.document.ReaderProcess;
import cn.certregistry.document.ReaderProcesses;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;
import cn.certregistry.signing.DocumentSigningKeyRecords;
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

    /**
     * A page of a file, both counted from 1; in a PDF attached to the file, {@code attachment} names it and {@code page}
     * is a page of it (absent otherwise, so that what was said of a file without attachments stays as it was).
     */
    public record PageRef(int file, int page, @JsonInclude(JsonInclude.Include.NON_NULL) String attachment) {

        public PageRef(int file, int page) {
            this(file, page, null);
        }
    }

    /**
     * A place a certificate was found: the file and page, both from 1, and how; in a PDF attached to the file,
     * {@code attachment} names it and {@code page} is a page of it (null otherwise).
     */
    public record FoundAt(int file, int page, FoundBy foundBy, @JsonInclude(JsonInclude.Include.NON_NULL) String attachment) {

        public FoundAt(int file, int page, FoundBy foundBy) {
            this(file, page, foundBy, null);
        }
    }

    /**
     * A certificate found, every place it was found (in the order of the files and pages), what the register says of it,
     * why its code is not genuine (such a code is a finding of its own), and what its copies state otherwise than the
     * register.
     */
    public record Finding(List<FoundAt> foundAt, VerificationService.Check check, String reason, List<CopyFacts.Difference> differences) {
    }

    public record Outcome(LocalDate bidDate, String creditCode, OffsetDateTime checkedAt, List<ProcurementCheck.Document> files,
            List<Finding> findings, List<PageRef> unreadable, List<Thumbnail> thumbnails) {

        /** The findings as the lines of a procurement check, for the same tables, downloads and signed report. */
        public ProcurementCheck.Outcome asProcurementCheck() {
            List<ProcurementCheck.Line> lines = new ArrayList<>();
            for (int i = 0; i < findings.size(); i++) {
                Finding finding = findings.get(i);
                lines.add(new ProcurementCheck.Line(i + 1, finding.check().number(), creditCode, finding.foundAt(),
                        finding.differences()));
            }
            return new ProcurementCheck.Outcome(bidDate, checkedAt, lines, findings.stream().map(Finding::check).toList(), files);
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
    DocumentSigningKeyRecords documentKeys;
    @Inject
    RegisterClock clock;
    @Inject
    ReadReplica replica;
    @Inject
    ReaderProcesses readers;
    @Inject
    DocumentSlots slots;
    @Inject
    SchemeCatalogue schemes;

    /** What the officer asked of a bid file: the bid date, and the bidder's credit code if given. */
    public record Asked(LocalDate on, String bidder) {
    }

    public Outcome check(List<Upload> uploads, String bidDate, String creditCode) {
        Asked asked = asked(uploads, bidDate, creditCode);
        // the request took its slot before its body was read; it is given back once the reader's process has ended
        DocumentSlots.Slot slot = slots.held();
        slot.reading();
        List<DocumentReader.Read> reads;
        try {
            reads = read(uploads.stream().map(Upload::file).toList(), ReaderProcess.Progress.NONE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.UNAVAILABLE, "The server is stopping.", null);
        } finally {
            slot.readingEnded();
        }
        return outcome(uploads, reads, asked);
    }

    /** The request's parameters and files, checked before anything is read: a problem for what is wrong. */
    public Asked asked(List<Upload> uploads, String bidDate, String creditCode) {
        LocalDate on = bidDate == null || bidDate.isBlank() ? clock.today() : QueryParameters.parseDate("on", bidDate.strip());
        String bidder = creditCode == null || creditCode.isBlank() ? null
                : VerificationService.creditCode("creditCode", creditCode.strip());
        if (uploads.isEmpty() || uploads.stream().allMatch(upload -> upload.size() == 0)) {
            throw ProblemException.invalidParameter("file", "Give a bid file: a PDF or OFD, or photos of certificates (JPEG, PNG).");
        }
        long bytes = uploads.stream().mapToLong(Upload::size).sum();
        if (bytes > config.maxBytes()) {
            throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, "The files have " + bytes + " bytes; at most "
                    + config.maxBytes() + " are read at once.", "file");
        }
        return new Asked(on, bidder);
    }

    /**
     * The files read in a process of their own, {@code progress} told of every page; the caller holds a slot. A file
     * refused is the problem that names why.
     */
    List<DocumentReader.Read> read(List<Path> files, ReaderProcess.Progress progress) throws InterruptedException {
        try {
            DocumentLimits limits = new DocumentLimits(config.maxBytes(), config.maxPages(), config.dpi(), config.maxPixels(),
                    config.maxImagePixels(), config.maxDecodedPerPage(), config.maxDecodedPerFile(), config.maxTime());
            return readers.read(files, limits, numberPattern(), progress);
        } catch (DocumentRefused refused) {
            throw refused(refused);
        }
    }

    /**
     * A certificate as it is found, before it is checked: its number (none for a code that is not genuine, which stays a
     * finding of its own), where it was found, why its code is not genuine, and whether it was found in an e-certificate
     * of this register changed after it was signed (then it is reported altered, wherever else it was found).
     */
    private static final class Found {
        final String number;
        final String reason;
        final List<FoundAt> places = new ArrayList<>();
        boolean altered;

        Found(String number, String reason) {
            this.number = number;
            this.reason = reason;
        }

        void at(PageRef page, FoundBy how, boolean inAlteredFile) {
            FoundAt place = new FoundAt(page.file(), page.page(), how, page.attachment());
            if (!places.contains(place)) {
                places.add(place);
            }
            altered |= inAlteredFile;
        }
    }

    /** Every certificate found in what was read, checked as of the bid date against the bidder. */
    Outcome outcome(List<Upload> uploads, List<DocumentReader.Read> reads, Asked asked) {
        LocalDate on = asked.on();
        String bidder = asked.bidder();
        List<ProcurementCheck.Document> files = new ArrayList<>();
        Gathered gathered = new Gathered();
        for (int f = 0; f < uploads.size(); f++) {
            DocumentReader.Read read = reads.get(f);
            files.add(new ProcurementCheck.Document(uploads.get(f).name(), uploads.get(f).sha256(), read.pages()));
            gathered.pages(f + 1, null, read, alteredECertificate(read.signatures()));
            // an attached e-certificate's signature speaks for the certificates found in it, not for the rest of the file
            for (DocumentReader.Attached attached : read.attachments()) {
                gathered.pages(f + 1, attached.name(), attached.read(), alteredECertificate(attached.read().signatures()));
            }
        }
        List<Found> found = gathered.found;
        if (found.size() > ProcurementCheck.MAX_LINES) {
            throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, "The files show " + found.size() + " certificates; at most "
                    + ProcurementCheck.MAX_LINES + " are checked at once.", "file");
        }
        List<VerificationService.Line> lines = new ArrayList<>();
        found.forEach(each -> lines.add(new VerificationService.Line(lines.size(), each.number, bidder, null)));
        List<VerificationService.Check> checks = lines.isEmpty() ? List.of() : verification.checkLines(lines, on);
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            Found each = found.get(i);
            VerificationService.Check check = each.reason == null ? (each.altered ? refused(i, each.number, bidder, on,
                    ProcurementVerdict.ALTERED) : checks.get(i)) : refused(i, null, bidder, on, ProcurementVerdict.NOT_GENUINE);
            findings.add(new Finding(List.copyOf(each.places), check, each.altered && each.reason == null ? ALTERED : each.reason,
                    differences(check, each.places, gathered.textOfOne)));
        }
        return new Outcome(on, bidder, OffsetDateTime.now(clock.zone()), files, findings, gathered.unreadable,
                gathered.thumbnails);
    }

    /**
     * What the pages read say, gathered into the findings of a bid file: one certificate found on several pages, or in
     * several ways, is one finding.
     */
    private final class Gathered {
        final Map<String, Found> byNumber = new LinkedHashMap<>();
        final List<Found> found = new ArrayList<>();
        // the text of each page that shows one certificate only: what it states is that certificate's
        final Map<PageRef, String> textOfOne = new HashMap<>();
        final List<PageRef> unreadable = new ArrayList<>();
        final List<Thumbnail> thumbnails = new ArrayList<>();

        /**
         * The pages of one document read: an uploaded file ({@code attachment} null) or a PDF attached to it;
         * {@code altered} if it is an e-certificate whose signature does not hold.
         */
        void pages(int file, String attachment, DocumentReader.Read read, boolean altered) {
            for (DocumentReader.Page page : read.found()) {
                PageRef ref = new PageRef(file, page.number(), attachment);
                Set<String> numbers = new LinkedHashSet<>();
                int notGenuine = 0;
                for (String code : page.codes()) {
                    String token = token(code);
                    if (token == null) {
                        continue; // a code that is no verification address: a bidder's website, say
                    }
                    Tokens.Checked checked = Tokens.verify(token, keys.ring());
                    if (checked.genuine()) {
                        numbers.add(checked.claims().number());
                        byNumber.computeIfAbsent(checked.claims().number(), number -> add(found, new Found(number, null)))
                                .at(ref, FoundBy.QR_CODE, altered);
                    } else {
                        notGenuine++;
                        add(found, new Found(null, checked.failure())).at(ref, FoundBy.QR_CODE, false);
                    }
                }
                for (String number : page.printedNumbers()) {
                    if (numbers.add(number)) {
                        byNumber.computeIfAbsent(number, n -> add(found, new Found(n, null))).at(ref, FoundBy.PRINTED_NUMBER, altered);
                    }
                }
                if (numbers.size() == 1 && notGenuine == 0 && page.text() != null && !page.text().isBlank()) {
                    textOfOne.put(ref, page.text());
                }
                if (page.unreadableCode()) {
                    unreadable.add(ref);
                }
                if (page.thumbnail() != null) {
                    thumbnails.add(new Thumbnail(ref, page.thumbnail()));
                }
            }
        }
    }

    private static Found add(List<Found> found, Found each) {
        found.add(each);
        return each;
    }

    /** What the copies of a certificate in the register state otherwise than the register, from the pages that show it alone. */
    private List<CopyFacts.Difference> differences(VerificationService.Check check, List<FoundAt> places, Map<PageRef, String> textOfOne) {
        if (!Boolean.TRUE.equals(check.inRegister())) {
            return List.of();
        }
        Scheme scheme = schemes.find(check.scheme()).orElse(null);
        List<CopyFacts.Difference> differences = new ArrayList<>();
        for (FoundAt place : places) {
            String text = textOfOne.get(new PageRef(place.file(), place.page(), place.attachment()));
            if (text != null) {
                differences.addAll(CopyFacts.differences(text, scheme, check.grade(), check.holderName(), check.expiryDate(),
                        place.file(), place.page()));
            }
        }
        return CopyFacts.distinct(differences);
    }

    private static VerificationService.Check refused(int index, String number, String bidder, LocalDate on,
            ProcurementVerdict verdict) {
        return new VerificationService.Check(index, number, bidder, on, verdict, verdict.label, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    /**
     * Whether a file is an e-certificate of this register whose signature no longer holds: signed by one of the
     * document-signing keys the register recorded (whichever server holds its file), and the signature fails (a
     * changed byte), leaves bytes out (something added after signing), or is by a revoked key. A file signed by others
     * (a bidder's own signature) is judged by its contents alone, as an unsigned one is.
     */
    private boolean alteredECertificate(List<PdfSignatures.Signature> signatures) {
        for (PdfSignatures.Signature signature : signatures) {
            if (signature.signerCertificate() == null) {
                continue;
            }
            boolean holds = documentKeys.stateOf(signature.signerCertificate())
                    .map(state -> signature.verifies() && signature.coversWholeFile() && state != KeyState.REVOKED)
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
