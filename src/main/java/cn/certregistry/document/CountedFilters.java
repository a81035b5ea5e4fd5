package cn.certregistry.document;

import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.filter.DecodeOptions;
import org.apache.pdfbox.filter.DecodeResult;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;

/**
 * Every byte PDFBox decodes, counted against the {@link Reading} of the thread that decodes it: streams, inline images
 * and embedded images alike all pass through the filters of {@link FilterFactory}, so each filter there is wrapped in
 * one that counts what it writes, and stops the writing at the budget. An image codec (JPEG, JPEG 2000, JBIG2) is first
 * asked for the image's real dimensions, from its header, before it decodes anything: the size a PDF declares is not
 * what the codec allocates. PDFBox offers no hook for this, so the wrapping reaches into the factory's map; a PDFBox
 * that changes it fails {@link #install()} loudly, and the tests with it. Outside a reading the filters do what they did.
 */
final class CountedFilters {

    private static boolean installed;

    private CountedFilters() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        try {
            Field field = FilterFactory.class.getDeclaredField("filters");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<COSName, Filter> filters = (Map<COSName, Filter>) field.get(FilterFactory.INSTANCE);
            Method encode = Filter.class.getDeclaredMethod("encode", InputStream.class, OutputStream.class, COSDictionary.class);
            encode.setAccessible(true);
            // one wrapper per filter: a stream that names the same filter twice is told so by PDFBox, as before
            Map<Filter, Filter> wrappers = new IdentityHashMap<>();
            filters.replaceAll((name, filter) -> wrappers.computeIfAbsent(filter, inner -> new Counted(inner, name, encode)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("PDFBox's filters cannot be counted: its FilterFactory has changed", e);
        }
        installed = true;
    }

    private static final class Counted extends Filter {

        private final Filter inner;
        private final boolean codec;
        private final boolean fax;
        private final Method encode;

        Counted(Filter inner, COSName name, Method encode) {
            this.inner = inner;
            this.codec = name.equals(COSName.DCT_DECODE) || name.equals(COSName.DCT_DECODE_ABBREVIATION)
                    || name.equals(COSName.JPX_DECODE) || name.equals(COSName.JBIG2_DECODE);
            this.fax = name.equals(COSName.CCITTFAX_DECODE) || name.equals(COSName.CCITTFAX_DECODE_ABBREVIATION);
            this.encode = encode;
        }

        @Override
        public DecodeResult decode(InputStream encoded, OutputStream decoded, COSDictionary parameters, int index)
                throws IOException {
            return decode(encoded, decoded, parameters, index, DecodeOptions.DEFAULT);
        }

        @Override
        public DecodeResult decode(InputStream encoded, OutputStream decoded, COSDictionary parameters, int index,
                DecodeOptions options) throws IOException {
            Reading reading = Reading.current();
            if (reading == null) {
                return inner.decode(encoded, decoded, parameters, index, options);
            }
            InputStream input = encoded;
            if (codec) {
                byte[] bytes = encoded.readAllBytes();
                requireSmallImage(bytes, reading);
                input = new ByteArrayInputStream(bytes);
            } else if (fax) {
                // CCITTFaxFilter allocates its rows × columns bits at once, from numbers the file gives
                COSDictionary fax = getDecodeParams(parameters, index);
                long rows = Math.max(fax.getInt(COSName.ROWS, 0), parameters.getInt(COSName.HEIGHT, COSName.H, 0));
                reading.requireRoomFor((fax.getInt(COSName.COLUMNS, 1728) + 7L) / 8 * rows, "a fax image");
            }
            return inner.decode(input, new CountingStream(decoded, reading), parameters, index, options);
        }

        /** The image's dimensions as its codec reads them from its header, when a codec for it is at hand. */
        private static void requireSmallImage(byte[] bytes, Reading reading) throws IOException {
            try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
                Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
                if (!readers.hasNext()) {
                    return; // PDFBox cannot decode it either, and says so
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, true);
                    reading.requireSmallImage(reader.getWidth(0), reader.getHeight(0), "as its codec reads it");
                } finally {
                    reader.dispose();
                }
            }
        }

        @Override
        protected void encode(InputStream input, OutputStream encoded, COSDictionary parameters) throws IOException {
            try {
                encode.invoke(inner, input, encoded, parameters);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** What a filter writes, counted before it is written. */
    private static final class CountingStream extends FilterOutputStream {

        private final Reading reading;

        CountingStream(OutputStream out, Reading reading) {
            super(out);
            this.reading = reading;
        }

        @Override
        public void write(int b) throws IOException {
            reading.decoded(1);
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            reading.decoded(length);
            out.write(bytes, offset, length);
        }
    }
}
