package cn.certregistry.document;

import java.time.Instant;

import cn.certregistry.document.DocumentRefused.Reason;

/**
 * The bounds of one document's reading, checked as PDFBox works rather than before it starts: the bytes its filters
 * decode (per pass over a page and per file, see {@link CountedFilters}), the time (at every content operator), the
 * nesting of forms (at every form drawn) and the pixels of every image drawn (as declared, and as its codec says). The
 * first bound passed stops the reading: PDFBox is left by an unchecked {@link Stopped}, and since it swallows some
 * failures on the way out (an image that does not decode is skipped), the refusal is also remembered, and every later
 * check fails at once. One reading belongs to one thread: PDFBox reads a page on the thread that asked for it.
 */
final class Reading {

    /** Forms inside forms: deeper than this, a page is refused as a bomb would be. */
    static final int MAX_FORM_DEPTH = 12;

    private static final ThreadLocal<Reading> CURRENT = new ThreadLocal<>();

    /** PDFBox left at the first bound passed; {@link #refusal} says which. */
    static final class Stopped extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Stopped(DocumentRefused refusal) {
            super(refusal.getMessage(), refusal, false, false);
        }
    }

    private final DocumentLimits limits;
    private final Instant deadline;
    private DocumentRefused refusal;
    private String pass = "the file's structure";
    private long decodedInPass;
    private long decodedInFile;
    private int formDepth;

    private Reading(DocumentLimits limits, Instant deadline) {
        this.limits = limits;
        this.deadline = deadline;
    }

    /** The reading this thread does now, if any: PDFBox used for anything else is not bounded. */
    static Reading current() {
        return CURRENT.get();
    }

    /** Work on one document, on this thread, within these bounds. */
    @FunctionalInterface
    interface Work<T> {
        T run(Reading reading) throws DocumentRefused;
    }

    static <T> T within(DocumentLimits limits, Instant deadline, Work<T> work) throws DocumentRefused {
        Reading reading = new Reading(limits, deadline);
        Reading outer = CURRENT.get();
        CURRENT.set(reading);
        try {
            T result = work.run(reading);
            reading.check();
            return result;
        } catch (Stopped stopped) {
            throw reading.refusal;
        } catch (DocumentRefused | RuntimeException other) {
            // what PDFBox made of a bound passed inside it (an image that did not decode, say) is that bound
            if (reading.refusal != null) {
                throw reading.refusal;
            }
            throw other;
        } finally {
            CURRENT.set(outer);
        }
    }

    /** A new pass over a page (its text, or one rendering of it): its decoded bytes are counted afresh. */
    void beginPass(String pass) throws DocumentRefused {
        check();
        this.pass = pass;
        this.decodedInPass = 0;
        this.formDepth = 0;
    }

    /** Throws the refusal that stopped this reading, if one did (PDFBox may have swallowed it on the way out). */
    void check() throws DocumentRefused {
        if (refusal != null) {
            throw refusal;
        }
        if (Instant.now().isAfter(deadline)) {
            refusal = new DocumentRefused(Reason.TOO_SLOW, "Reading the file took longer than allowed; give fewer pages at a time.");
            throw refusal;
        }
    }

    /** {@link #check()} from inside PDFBox, where only an unchecked exception passes. */
    void checkInside() {
        try {
            check();
        } catch (DocumentRefused refused) {
            throw new Stopped(refused);
        }
    }

    /**
     * Bytes a filter is about to write: refused past the pass's budget or the file's. Called for every write, some of
     * them of one byte, so it does not ask the clock: the operators do.
     */
    void decoded(long bytes) {
        if (refusal != null) {
            throw new Stopped(refusal);
        }
        decodedInPass += bytes;
        decodedInFile += bytes;
        if (decodedInPass > limits.maxDecodedPerPage()) {
            stop(Reason.TOO_LARGE, "Reading " + pass + " decodes more than " + mebibytes(limits.maxDecodedPerPage())
                    + " MiB; at most that much is decoded for one page.");
        }
        if (decodedInFile > limits.maxDecodedPerFile()) {
            stop(Reason.TOO_LARGE, "The file decodes to more than " + mebibytes(limits.maxDecodedPerFile())
                    + " MiB; at most that much is decoded for one file.");
        }
    }

    /** Whether {@code bytes} more would still be decoded: what a codec is about to allocate, asked before it does. */
    void requireRoomFor(long bytes, String what) {
        checkInside();
        if (decodedInPass + bytes > limits.maxDecodedPerPage() || decodedInFile + bytes > limits.maxDecodedPerFile()) {
            stop(Reason.TOO_LARGE, "Reading " + pass + " would decode " + what + " of " + mebibytes(bytes)
                    + " MiB, more than is left of the " + mebibytes(limits.maxDecodedPerPage()) + " MiB decoded for one page.");
        }
    }

    /** An image about to be decoded, by the pixels it has (as declared, or as its codec says). */
    void requireSmallImage(long width, long height, String source) {
        checkInside();
        if (width * height > limits.maxImagePixels()) {
            stop(Reason.TOO_LARGE, "Reading " + pass + " meets an image of " + width + "×" + height + " pixels (" + source
                    + "); at most " + limits.maxImagePixels() + " pixels are read.");
        }
    }

    void enterForm() {
        checkInside();
        if (++formDepth > MAX_FORM_DEPTH) {
            stop(Reason.MALFORMED, "Reading " + pass + " nests forms deeper than " + MAX_FORM_DEPTH
                    + " (a form that draws itself would never end).");
        }
    }

    void leaveForm() {
        formDepth--;
    }

    private void stop(Reason reason, String message) {
        refusal = new DocumentRefused(reason, message);
        throw new Stopped(refusal);
    }

    private static long mebibytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
