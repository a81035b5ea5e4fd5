package cn.certregistry.document;

import java.time.Duration;

/**
 * What one bid file may cost: its bytes, its pages, the pixels a page or an image is rendered to (a larger page is
 * rendered at a lower resolution, a larger image read subsampled), the size of any one image inside a PDF, the bytes
 * its streams and images decode to (for one pass over a page, and for the whole file), and the time of the whole
 * reading.
 */
public record DocumentLimits(long maxBytes, int maxPages, int dpi, long maxPixels, long maxImagePixels, long maxDecodedPerPage,
        long maxDecodedPerFile, Duration maxTime) {

    public DocumentLimits {
        if (maxBytes <= 0 || maxPages <= 0 || dpi <= 0 || maxPixels <= 0 || maxImagePixels <= 0 || maxDecodedPerPage <= 0
                || maxDecodedPerFile <= 0 || maxTime.isNegative()) {
            throw new IllegalArgumentException("Document limits must be positive");
        }
    }

    /** The same limits with fewer pages: what is left of a request's pages for its next file. */
    public DocumentLimits withPages(int pages) {
        return new DocumentLimits(maxBytes, pages, dpi, maxPixels, maxImagePixels, maxDecodedPerPage, maxDecodedPerFile, maxTime);
    }
}
