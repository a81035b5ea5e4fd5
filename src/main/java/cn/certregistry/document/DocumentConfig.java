package cn.certregistry.document;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Bid files checked whole (POST /api/v1/verify/document): what one may cost, and how many are read at once. */
@ConfigMapping(prefix = "registry.documents")
public interface DocumentConfig {

    /** The files of one request together, in bytes (the request body itself stops at 32 MB). */
    @WithDefault("31457280")
    long maxBytes();

    /** Pages of one request, all its files together. */
    @WithDefault("300")
    int maxPages();

    /** The resolution pages are rendered at to find their QR codes. */
    @WithDefault("150")
    int dpi();

    /** The pixels a page or photo is rendered to at most: a larger page is rendered at a lower resolution. */
    @WithDefault("12000000")
    long maxPixels();

    /** The pixels of any one image inside a PDF: decoding it alone would cost more memory than a page may. */
    @WithDefault("40000000")
    long maxImagePixels();

    /**
     * The bytes the streams and images of one pass over a page (its text, or one rendering of it) decode to: a 300 dpi
     * colour scan of an A4 page is some 26 MB, a flate bomb's content stream gigabytes.
     */
    @WithDefault("67108864")
    long maxDecodedPerPage();

    /** The bytes one file's streams and images decode to, all its pages and passes together. */
    @WithDefault("2147483648")
    long maxDecodedPerFile();

    /** The time to read one request's files. */
    @WithDefault("PT120S")
    Duration maxTime();

    /** The heap of the process that reads one request's files (a JVM -Xmx value): its memory is its own. */
    @WithDefault("160m")
    String readerHeap();

    /** Requests read at once per server, each in a process of its own; beyond, 429 with Retry-After. */
    @WithDefault("2")
    int atOnce();

    /** Bid files read as jobs, their progress and result polled (procurement/DocumentJobs). */
    Jobs jobs();

    interface Jobs {

        /** How long a job, its files and its result are kept after it was made. */
        @WithDefault("P1D")
        Duration keepFor();

        /** How often a server says it is still reading its jobs. */
        @WithDefault("PT5S")
        Duration heartbeatEvery();

        /** A job whose server has not said so for this long is taken up by another server. */
        @WithDefault("PT30S")
        Duration staleAfter();

        /** A job nobody has read for this long (its server died, and no server took it up) has failed: upload it again. */
        @WithDefault("PT5M")
        Duration giveUpAfter();

        /** How often a server looks for a job to take up, and for jobs past their time. */
        @WithDefault("PT5S")
        Duration lookEvery();
    }
}
