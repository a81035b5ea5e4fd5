package cn.certregistry.document;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import cn.certregistry.document.DocumentRefused.Reason;

/**
 * Reads an OFD bid file (GB/T 33190, 版式文档: a zip of XML) as a PDF is read: every page rendered and searched for QR
 * codes by {@link DocumentReader}'s decoding and retries, and its text searched for printed certificate numbers.
 * <p>
 * The zip is bounded before any of it is parsed: its entries' count, names (none absolute or climbing), declared and
 * real inflated sizes (counted while inflating, the header not trusted), their total and compression ratio; and every
 * XML entry is parsed once, streaming, by a parser that refuses a DOCTYPE (so no entity, internal or external) and
 * XInclude, to a bounded depth. Only then are the document's pages parsed and drawn.
 * <p>
 * The reading is this package's own, of the few parts of the format a bid file's copies use (text, images, paths,
 * templates), rather than ofdrw's: ofdrw's renderer (ofdrw-converter) brings iText 7 (AGPL) and PDFBox 2 and
 * BouncyCastle jdk15on beside the PDFBox 3 and jdk18on the service uses, decodes every image without asking its size,
 * and offers no hook between objects; here every object drawn asks the {@link Reading} for time, and every image is
 * measured by its codec before it is decoded.
 */
final class OfdReader {

    /** Entries of one OFD: a page is two or three (its content, an image or two), a 300-page file some thousand. */
    private static final int MAX_ENTRIES = 10_000;
    /** An XML entry inflated: a page's content is some kilobytes, a document of 300 pages some 30 KB. */
    private static final long MAX_XML_BYTES = 8L << 20;
    /** Inflated bytes per compressed byte, for an entry that inflates past {@link #RATIO_FROM}: XML gives some 10. */
    private static final int MAX_RATIO = 100;
    private static final long RATIO_FROM = 1L << 20;
    /** Elements inside elements: a page's content nests some six deep. */
    private static final int MAX_XML_DEPTH = 64;
    /** A page's side in millimetres: A0 is 1 189. */
    private static final double MAX_SIDE_MM = 5_000;
    private static final double A4_WIDTH_MM = 210;
    private static final double A4_HEIGHT_MM = 297;

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;

    private OfdReader() {
    }

    /** An entry of the zip, as its central directory lists it. */
    private record Entry(String name, int flags, int method, long compressedSize, long declaredSize, int dataStart) {
    }

    /** A zip whose central directory lists an {@code OFD.xml}: what an OFD package is. */
    static boolean isOfd(byte[] bytes) {
        if (bytes.length < 4 || readInt(bytes, 0) != LOCAL_HEADER) {
            return false;
        }
        try {
            return centralDirectory(bytes, Integer.MAX_VALUE).stream().anyMatch(entry -> entry.name().equals("OFD.xml"));
        } catch (DocumentRefused | RuntimeException notAZip) {
            return false;
        }
    }

    static DocumentReader.Read read(byte[] bytes, DocumentLimits limits, Reading reading, Pattern numbers) throws DocumentRefused {
        try {
            Package ofd = Package.checked(bytes, limits, reading);
            String documentPath = ofd.documentPath();
            Element documentRoot = ofd.xml(documentPath);
            List<Element> pageRefs = children(child(documentRoot, "Pages"), "Page");
            if (pageRefs.size() > limits.maxPages()) {
                throw new DocumentRefused(Reason.TOO_MANY_PAGES, "The OFD has " + pageRefs.size() + " pages; at most "
                        + limits.maxPages() + " are read.");
            }
            Document document = new Document(ofd, documentPath, documentRoot);
            List<DocumentReader.Page> found = new ArrayList<>();
            for (int index = 0; index < pageRefs.size(); index++) {
                int number = index + 1;
                reading.beginPass("the text of page " + number);
                OfdPage page = document.page(pageRefs.get(index));
                String text = page.text();
                List<String> printed = DocumentReader.printedNumbers(text, numbers);
                DocumentReader.Rerender render = scale -> {
                    reading.beginPass("page " + number);
                    BufferedImage image = page.render(limits, scale);
                    reading.check();
                    return image;
                };
                DocumentReader.Page read = DocumentReader.page(number, render.at(1), printed, text.isBlank(), reading, render)
                        .withText(DocumentReader.boundedText(text));
                if (!read.empty()) {
                    found.add(read);
                }
            }
            return new DocumentReader.Read(pageRefs.size(), found);
        } catch (Reading.Stopped | DocumentRefused refused) {
            throw refused;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new DocumentRefused(Reason.MALFORMED, "The OFD cannot be read: " + why, e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The zip, bounded before anything is parsed

    /** The checked zip: its entries by name, each inflated again when it is read. */
    private static final class Package {

        private final byte[] bytes;
        private final Map<String, Entry> entries;
        private final Reading reading;

        private Package(byte[] bytes, Map<String, Entry> entries, Reading reading) {
            this.bytes = bytes;
            this.entries = entries;
            this.reading = reading;
        }

        /**
         * Checks the whole zip before any of it is parsed: every entry's name, its declared size and ratio; then every
         * entry inflated (counted, not kept) and every XML entry parsed, streaming, by the hardened parser.
         */
        static Package checked(byte[] bytes, DocumentLimits limits, Reading reading) throws DocumentRefused {
            List<Entry> listed = centralDirectory(bytes, MAX_ENTRIES);
            Map<String, Entry> entries = new LinkedHashMap<>();
            long declaredTotal = 0;
            for (Entry entry : listed) {
                String name = entry.name();
                checkName(name);
                if ((entry.flags() & 1) != 0) {
                    throw new DocumentRefused(Reason.ENCRYPTED, "The OFD's entry " + name + " is encrypted.");
                }
                if (entries.put(name, entry) != null) {
                    throw new DocumentRefused(Reason.MALFORMED, "The OFD holds two entries named " + name + ".");
                }
                long most = maxSize(name, limits);
                if (entry.declaredSize() > most) {
                    throw new DocumentRefused(Reason.TOO_LARGE, "The OFD's entry " + name + " declares " + entry.declaredSize()
                            + " bytes inflated; at most " + most + " are read.");
                }
                if (entry.declaredSize() > RATIO_FROM && entry.declaredSize() > MAX_RATIO * Math.max(1, entry.compressedSize())) {
                    throw new DocumentRefused(Reason.TOO_LARGE, "The OFD's entry " + name + " inflates " + entry.compressedSize()
                            + " bytes to " + entry.declaredSize() + ", more than " + MAX_RATIO + " times (a zip bomb).");
                }
                declaredTotal += entry.declaredSize();
            }
            long maxTotal = maxTotal(limits);
            if (declaredTotal > maxTotal) {
                throw new DocumentRefused(Reason.TOO_LARGE, "The OFD's entries declare " + declaredTotal + " bytes inflated; at most "
                        + maxTotal + " are read.");
            }
            Package ofd = new Package(bytes, entries, reading);
            if (!entries.containsKey("OFD.xml")) {
                throw new DocumentRefused(Reason.NOT_A_DOCUMENT, "The zip holds no OFD.xml: it is not an OFD.");
            }
            for (Entry entry : listed) {
                byte[] inflated = ofd.inflate(entry);
                if (isXml(entry.name())) {
                    checkXml(entry.name(), inflated);
                }
            }
            return ofd;
        }

        /** The entry's bytes, inflated and counted: never more than its header declared, nor than its bound. */
        byte[] inflate(Entry entry) throws DocumentRefused {
            reading.check();
            int end = Math.addExact(entry.dataStart(), Math.toIntExact(entry.compressedSize()));
            if (entry.dataStart() < 0 || end > bytes.length) {
                throw new DocumentRefused(Reason.MALFORMED, "The OFD's entry " + entry.name() + " lies past the end of the file.");
            }
            if (entry.method() == 0) {
                if (entry.compressedSize() != entry.declaredSize()) {
                    throw new DocumentRefused(Reason.MALFORMED, "The OFD's stored entry " + entry.name() + " has two sizes.");
                }
                return Arrays.copyOfRange(bytes, entry.dataStart(), end);
            }
            if (entry.method() != 8) {
                throw new DocumentRefused(Reason.MALFORMED, "The OFD's entry " + entry.name() + " is compressed by method "
                        + entry.method() + "; only deflate is read.");
            }
            Inflater inflater = new Inflater(true);
            try {
                inflater.setInput(bytes, entry.dataStart(), end - entry.dataStart());
                ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(entry.declaredSize(), 1 << 20));
                byte[] buffer = new byte[1 << 16];
                long inflated = 0;
                while (!inflater.finished()) {
                    int n = inflater.inflate(buffer);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw new DocumentRefused(Reason.MALFORMED, "The OFD's entry " + entry.name() + " is cut short.");
                    }
                    inflated += n;
                    // the header's size is a claim: what inflates past it is refused as it comes, not after
                    if (inflated > entry.declaredSize()) {
                        throw new DocumentRefused(Reason.TOO_LARGE, "The OFD's entry " + entry.name() + " inflates past the "
                                + entry.declaredSize() + " bytes its header declares (a zip bomb).");
                    }
                    out.write(buffer, 0, n);
                    reading.check();
                }
                if (inflated != entry.declaredSize()) {
                    throw new DocumentRefused(Reason.MALFORMED, "The OFD's entry " + entry.name() + " inflates to " + inflated
                            + " bytes, not the " + entry.declaredSize() + " its header declares.");
                }
                return out.toByteArray();
            } catch (DataFormatException e) {
                throw new DocumentRefused(Reason.MALFORMED, "The OFD's entry " + entry.name() + " does not inflate.", e);
            } finally {
                inflater.end();
            }
        }

        /** The entry at a path of the package, inflated again, its bytes counted as the pass's. */
        byte[] bytes(String path) throws DocumentRefused {
            Entry entry = entries.get(path);
            if (entry == null) {
                throw new DocumentRefused(Reason.MALFORMED, "The OFD refers to " + path + ", which it does not hold.");
            }
            byte[] inflated = inflate(entry);
            reading.decoded(inflated.length);
            return inflated;
        }

        boolean holds(String path) {
            return entries.containsKey(path);
        }

        Element xml(String path) throws DocumentRefused {
            return parse(path, bytes(path));
        }

        /** Where the document's root (its Document.xml) is, as OFD.xml says. */
        String documentPath() throws DocumentRefused {
            Element docBody = child(xml("OFD.xml"), "DocBody");
            Element docRoot = child(docBody, "DocRoot");
            if (docRoot == null) {
                throw new DocumentRefused(Reason.MALFORMED, "The OFD's OFD.xml names no document (DocRoot).");
            }
            return resolve("", docRoot.getTextContent());
        }
    }

    private static long maxSize(String name, DocumentLimits limits) {
        return isXml(name) ? Math.min(MAX_XML_BYTES, limits.maxDecodedPerPage()) : limits.maxDecodedPerPage();
    }

    /** All entries inflated together: no more than a pass over a page may decode four times, nor a file. */
    private static long maxTotal(DocumentLimits limits) {
        return Math.min(limits.maxDecodedPerFile(), 4 * limits.maxDecodedPerPage());
    }

    private static boolean isXml(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".xml");
    }

    /**
     * The central directory's entries, read from the end of the file without inflating anything, at most
     * {@code maxEntries} of them. A zip64 or split archive is no bid file's.
     */
    private static List<Entry> centralDirectory(byte[] bytes, int maxEntries) throws DocumentRefused {
        int end = -1;
        for (int at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xFFFF); at--) {
            if (readInt(bytes, at) == END_OF_CENTRAL_DIRECTORY) {
                end = at;
                break;
            }
        }
        if (end < 0) {
            throw new DocumentRefused(Reason.MALFORMED, "The OFD is no complete zip (it has no central directory).");
        }
        int count = readShort(bytes, end + 10);
        long directoryOffset = readInt(bytes, end + 16) & 0xFFFFFFFFL;
        if (count > maxEntries) {
            throw new DocumentRefused(Reason.TOO_LARGE, "The OFD has " + count + " entries; at most " + maxEntries + " are read.");
        }
        if (count == 0xFFFF || directoryOffset == 0xFFFFFFFFL || readShort(bytes, end + 4) != 0 || readShort(bytes, end + 6) != 0) {
            throw new DocumentRefused(Reason.MALFORMED, "The OFD is a zip64 or split zip, which no bid file needs.");
        }
        List<Entry> entries = new ArrayList<>();
        int at = (int) Math.min(directoryOffset, Integer.MAX_VALUE);
        for (int i = 0; i < count; i++) {
            if (at < 0 || at + 46 > bytes.length || readInt(bytes, at) != CENTRAL_HEADER) {
                throw new DocumentRefused(Reason.MALFORMED, "The OFD's zip directory is broken.");
            }
            int flags = readShort(bytes, at + 8);
            int method = readShort(bytes, at + 10);
            long compressed = readInt(bytes, at + 20) & 0xFFFFFFFFL;
            long declared = readInt(bytes, at + 24) & 0xFFFFFFFFL;
            int nameLength = readShort(bytes, at + 28);
            int extraLength = readShort(bytes, at + 30);
            int commentLength = readShort(bytes, at + 32);
            long localHeader = readInt(bytes, at + 42) & 0xFFFFFFFFL;
            if (at + 46 + nameLength > bytes.length) {
                throw new DocumentRefused(Reason.MALFORMED, "The OFD's zip directory is broken.");
            }
            String name = new String(bytes, at + 46, nameLength, StandardCharsets.UTF_8);
            if (compressed == 0xFFFFFFFFL || declared == 0xFFFFFFFFL || localHeader == 0xFFFFFFFFL) {
                throw new DocumentRefused(Reason.MALFORMED, "The OFD is a zip64, which no bid file needs.");
            }
            int local = (int) Math.min(localHeader, Integer.MAX_VALUE);
            if (local + 30 > bytes.length || readInt(bytes, local) != LOCAL_HEADER) {
                throw new DocumentRefused(Reason.MALFORMED, "The OFD's entry " + name + " has no local header.");
            }
            int dataStart = local + 30 + readShort(bytes, local + 26) + readShort(bytes, local + 28);
            if (!name.endsWith("/")) {
                entries.add(new Entry(name, flags, method, compressed, declared, dataStart));
            }
            at += 46 + nameLength + extraLength + commentLength;
        }
        return entries;
    }

    /** A name that would climb out of the folder it is unpacked into, or start at a root, is a hostile package's. */
    private static void checkName(String name) throws DocumentRefused {
        String slashed = name.replace('\\', '/');
        boolean absolute = slashed.startsWith("/") || slashed.matches("^[A-Za-z]:.*");
        boolean climbing = List.of(slashed.split("/")).contains("..");
        if (absolute || climbing || name.indexOf('\0') >= 0) {
            throw new DocumentRefused(Reason.MALFORMED, "The OFD's entry " + name + " is named by "
                    + (climbing ? "a path that climbs out of the package (..)" : "an absolute path") + ".");
        }
    }

    private static int readInt(byte[] bytes, int at) {
        if (at < 0 || at + 4 > bytes.length) {
            return 0;
        }
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16 | (bytes[at + 3] & 0xFF) << 24;
    }

    private static int readShort(byte[] bytes, int at) {
        if (at < 0 || at + 2 > bytes.length) {
            return 0;
        }
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The XML, by a hardened parser

    /** The features both parsers are given, in this order: the DOM parser that reads and the SAX parser that counts. */
    private static final List<Map.Entry<String, Boolean>> HARDENED = List.of(
            Map.entry("http://apache.org/xml/features/disallow-doctype-decl", true),
            Map.entry("http://xml.org/sax/features/external-general-entities", false),
            Map.entry("http://xml.org/sax/features/external-parameter-entities", false),
            Map.entry("http://apache.org/xml/features/nonvalidating/load-external-dtd", false),
            Map.entry(XMLConstants.FEATURE_SECURE_PROCESSING, true));

    /** A DOCTYPE (and with it any entity, internal or external) or XInclude refused, the JDK's limits on. */
    private static void harden(Object factory) throws ParserConfigurationException, SAXException {
        if (factory instanceof DocumentBuilderFactory dom) {
            for (Map.Entry<String, Boolean> feature : HARDENED) {
                dom.setFeature(feature.getKey(), feature.getValue());
            }
            dom.setXIncludeAware(false);
            dom.setExpandEntityReferences(false);
            dom.setNamespaceAware(false);
        } else if (factory instanceof SAXParserFactory sax) {
            for (Map.Entry<String, Boolean> feature : HARDENED) {
                sax.setFeature(feature.getKey(), feature.getValue());
            }
            sax.setXIncludeAware(false);
            sax.setNamespaceAware(false);
        }
    }

    /** Fails at a fatal error, as the parsers do by default, without their printing it on the standard error. */
    private static final DefaultHandler QUIET = new DefaultHandler();

    /** Thrown by the depth count, to be told from the parser's own complaints. */
    private static final class TooDeep extends SAXException {

        private static final long serialVersionUID = 1L;

        TooDeep() {
            super("nested too deep");
        }
    }

    /** Every XML entry, streamed once through the hardened parser, its depth counted, before any is read. */
    private static void checkXml(String name, byte[] xml) throws DocumentRefused {
        try {
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            harden(factory);
            XMLReader reader = factory.newSAXParser().getXMLReader();
            reader.setErrorHandler(QUIET);
            reader.setContentHandler(new DefaultHandler() {

                private int depth;

                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
                    if (++depth > MAX_XML_DEPTH) {
                        throw new TooDeep();
                    }
                }

                @Override
                public void endElement(String uri, String localName, String qName) {
                    depth--;
                }
            });
            reader.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("an external reference to " + systemId);
            });
            reader.parse(new InputSource(new ByteArrayInputStream(xml)));
        } catch (TooDeep deep) {
            throw new DocumentRefused(Reason.MALFORMED, "The OFD's " + name + " nests elements deeper than " + MAX_XML_DEPTH + ".");
        } catch (SAXException e) {
            throw xmlRefused(name, e);
        } catch (IOException | ParserConfigurationException e) {
            throw new DocumentRefused(Reason.MALFORMED, "The OFD's " + name + " cannot be read as XML.", e);
        }
    }

    private static DocumentRefused xmlRefused(String name, SAXException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("DOCTYPE")) {
            return new DocumentRefused(Reason.MALFORMED, "The OFD's " + name + " declares a DOCTYPE (entities, external"
                    + " references), which no OFD needs; it is not read.", e);
        }
        return new DocumentRefused(Reason.MALFORMED, "The OFD's " + name + " is not well-formed XML: " + message, e);
    }

    private static Element parse(String name, byte[] xml) throws DocumentRefused {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
            harden(factory);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(QUIET);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("an external reference to " + systemId);
            });
            return builder.parse(new InputSource(new ByteArrayInputStream(xml))).getDocumentElement();
        } catch (SAXException e) {
            throw xmlRefused(name, e);
        } catch (IOException | ParserConfigurationException e) {
            throw new DocumentRefused(Reason.MALFORMED, "The OFD's " + name + " cannot be read as XML.", e);
        }
    }

    /** An element's name without its namespace prefix ({@code ofd:Page} is {@code Page}). */
    private static String local(Node node) {
        String name = node.getNodeName();
        return name.substring(name.indexOf(':') + 1);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && (name == null || local(element).equals(name))) {
                found.add(element);
            }
        }
        return found;
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * A location inside the package ({@code ST_Loc}): from the root when it starts with a slash, else from {@code folder};
     * one that climbs out of the package is refused.
     */
    private static String resolve(String folder, String location) throws DocumentRefused {
        String loc = location == null ? "" : location.strip().replace('\\', '/');
        Deque<String> parts = new ArrayDeque<>();
        String start = loc.startsWith("/") ? "" : folder;
        for (String part : (start + "/" + loc).split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new DocumentRefused(Reason.MALFORMED, "The OFD refers to " + location + ", which climbs out of the package.");
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    private static String folderOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The document: pages, templates, resources

    private static final class Document {

        private final Package ofd;
        private final String folder;
        private final Element commonData;
        private final Map<String, String> media = new HashMap<>();
        private final Map<String, String> templates = new HashMap<>();

        Document(Package ofd, String path, Element root) throws DocumentRefused {
            this.ofd = ofd;
            this.folder = folderOf(path);
            this.commonData = child(root, "CommonData");
            for (Element res : children(commonData, null)) {
                if (local(res).equals("PublicRes") || local(res).equals("DocumentRes")) {
                    resources(resolve(folder, res.getTextContent()), media);
                }
            }
            for (Element template : children(commonData, "TemplatePage")) {
                templates.put(template.getAttribute("ID"), resolve(folder, template.getAttribute("BaseLoc")));
            }
        }

        /** The images a resource file lists ({@code MultiMedia}), by id, as paths in the package. */
        private void resources(String path, Map<String, String> into) throws DocumentRefused {
            if (!ofd.holds(path)) {
                return; // a resource file named but left out: the images it would list are not drawn
            }
            Element res = ofd.xml(path);
            String base = resolve(folderOf(path), res.getAttribute("BaseLoc"));
            for (Element multimedia : children(child(res, "MultiMedias"), "MultiMedia")) {
                Element file = child(multimedia, "MediaFile");
                if (file != null) {
                    into.put(multimedia.getAttribute("ID"), resolve(base, file.getTextContent()));
                }
            }
        }

        OfdPage page(Element ref) throws DocumentRefused {
            String path = resolve(folder, ref.getAttribute("BaseLoc"));
            Element content = ofd.xml(path);
            Map<String, String> pageMedia = new HashMap<>(media);
            for (Element res : children(content, "PageRes")) {
                resources(resolve(folderOf(path), res.getTextContent()), pageMedia);
            }
            List<Element> layers = new ArrayList<>();
            for (Element template : children(content, "Template")) {
                String templatePath = templates.get(template.getAttribute("TemplateID"));
                if (templatePath != null && ofd.holds(templatePath)) {
                    layers.add(child(ofd.xml(templatePath), "Content"));
                }
            }
            layers.add(child(content, "Content"));
            double[] box = box(child(child(content, "Area"), "PhysicalBox"));
            if (box == null) {
                box = box(child(child(commonData, "PageArea"), "PhysicalBox"));
            }
            if (box == null) {
                box = new double[] {0, 0, A4_WIDTH_MM, A4_HEIGHT_MM};
            }
            if (!(box[2] > 0 && box[3] > 0 && box[2] <= MAX_SIDE_MM && box[3] <= MAX_SIDE_MM)) {
                throw new DocumentRefused(Reason.MALFORMED, "The OFD's page " + path + " is " + box[2] + "×" + box[3] + " mm.");
            }
            return new OfdPage(ofd, layers, pageMedia, box);
        }
    }

    private static double[] box(Element element) throws DocumentRefused {
        if (element == null) {
            return null;
        }
        return numbers(element.getTextContent(), 4);
    }

    /** Numbers separated by spaces, as OFD writes boxes, matrices and colours; exactly {@code count} of them. */
    private static double[] numbers(String text, int count) throws DocumentRefused {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != count) {
            throw new DocumentRefused(Reason.MALFORMED, "The OFD has \"" + text + "\" where " + count + " numbers belong.");
        }
        double[] numbers = new double[count];
        for (int i = 0; i < count; i++) {
            numbers[i] = number(parts[i]);
        }
        return numbers;
    }

    private static double number(String text) throws DocumentRefused {
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value)) {
                throw new NumberFormatException(text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new DocumentRefused(Reason.MALFORMED, "The OFD has \"" + text + "\" where a number belongs.");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // A page: its text, and its rendering

    private static final class OfdPage {

        /** Whether this runtime can draw text (it has fonts). */
        private static volatile boolean fontsDraw = true;

        private final Package ofd;
        private final List<Element> layers;
        private final Map<String, String> media;
        private final double[] box;

        OfdPage(Package ofd, List<Element> layers, Map<String, String> media, double[] box) {
            this.ofd = ofd;
            this.layers = layers;
            this.media = media;
            this.box = box;
        }

        /** The page's text: each text object on a line of its own, its codes on one line but where they move down. */
        String text() {
            StringBuilder text = new StringBuilder();
            for (Element layer : layers) {
                collectText(layer, text);
            }
            return text.toString();
        }

        private void collectText(Element container, StringBuilder text) {
            if (container == null) {
                return;
            }
            for (Element object : children(container, null)) {
                ofd.reading.checkInside();
                switch (local(object)) {
                    case "Layer", "PageBlock" -> collectText(object, text);
                    case "TextObject" -> {
                        String y = null;
                        for (Element code : children(object, "TextCode")) {
                            if (y != null && !y.equals(code.getAttribute("Y")) && !code.getAttribute("Y").isEmpty()) {
                                text.append('\n');
                            }
                            y = code.getAttribute("Y").isEmpty() ? y : code.getAttribute("Y");
                            text.append(code.getTextContent());
                        }
                        text.append('\n');
                    }
                    default -> {
                    }
                }
            }
        }

        /**
         * The page in grey at the configured resolution times {@code scale}, lower for a page that would exceed the
         * pixels allowed: its objects drawn in order, each after a check of the reading.
         */
        BufferedImage render(DocumentLimits limits, float scale) throws DocumentRefused {
            double squareInches = (box[2] / 25.4) * (box[3] / 25.4);
            double fitting = Math.sqrt(limits.maxPixels() / squareInches);
            double dpi = Math.max(1, Math.min(limits.dpi() * scale, fitting));
            double pixelsPerMm = dpi / 25.4;
            int width = (int) Math.max(1, Math.min(Math.round(box[2] * pixelsPerMm), limits.maxPixels()));
            int height = (int) Math.max(1, Math.min(Math.round(box[3] * pixelsPerMm), limits.maxPixels() / width));
            BufferedImage page = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D graphics = page.createGraphics();
            try {
                graphics.setColor(Color.WHITE);
                graphics.fillRect(0, 0, width, height);
                graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                graphics.scale(pixelsPerMm, pixelsPerMm);
                graphics.translate(-box[0], -box[1]);
                Map<String, BufferedImage> decoded = new HashMap<>();
                for (Element layer : layers) {
                    draw(graphics, layer, limits, decoded);
                }
            } finally {
                graphics.dispose();
            }
            return page;
        }

        private void draw(Graphics2D graphics, Element container, DocumentLimits limits, Map<String, BufferedImage> decoded)
                throws DocumentRefused {
            if (container == null) {
                return;
            }
            for (Element object : children(container, null)) {
                ofd.reading.check();
                String kind = local(object);
                if (kind.equals("Layer") || kind.equals("PageBlock")) {
                    draw(graphics, object, limits, decoded);
                    continue;
                }
                if (!kind.equals("ImageObject") && !kind.equals("PathObject") && !kind.equals("TextObject")) {
                    continue;
                }
                double[] boundary = numbers(object.getAttribute("Boundary"), 4);
                Graphics2D g = (Graphics2D) graphics.create();
                try {
                    g.translate(boundary[0], boundary[1]);
                    g.clip(new Rectangle2D.Double(0, 0, boundary[2], boundary[3]));
                    if (!object.getAttribute("CTM").isBlank()) {
                        double[] m = numbers(object.getAttribute("CTM"), 6);
                        g.transform(new AffineTransform(m[0], m[1], m[2], m[3], m[4], m[5]));
                    }
                    switch (kind) {
                        case "ImageObject" -> image(g, object, boundary, limits, decoded);
                        case "PathObject" -> path(g, object);
                        default -> text(g, object);
                    }
                } finally {
                    g.dispose();
                }
            }
        }

        /** An image fills the unit square of its object's space: its CTM places, scales and turns it. */
        private void image(Graphics2D g, Element object, double[] boundary, DocumentLimits limits, Map<String, BufferedImage> decoded)
                throws DocumentRefused {
            String path = media.get(object.getAttribute("ResourceID"));
            if (path == null || !ofd.holds(path)) {
                return; // an image the package does not hold is not drawn, as a PDF's missing image is not
            }
            if (!decoded.containsKey(path)) {
                decoded.put(path, decode(ofd.bytes(path), limits));
            }
            BufferedImage image = decoded.get(path);
            if (image == null) {
                return;
            }
            if (object.getAttribute("CTM").isBlank()) {
                g.scale(boundary[2], boundary[3]);
            }
            g.drawImage(image, new AffineTransform(1.0 / image.getWidth(), 0, 0, 1.0 / image.getHeight(), 0, 0), null);
        }

        /**
         * An image of the package, measured by its codec before it is decoded: one larger than an image may be is
         * refused, one larger than a page read subsampled; one no codec here reads (JBIG2, say) is left out.
         */
        private BufferedImage decode(byte[] bytes, DocumentLimits limits) throws DocumentRefused {
            try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
                Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
                if (!readers.hasNext()) {
                    return null;
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, true);
                    long width = reader.getWidth(0);
                    long height = reader.getHeight(0);
                    ofd.reading.requireSmallImage(width, height, "as its codec reads it");
                    int step = (int) Math.ceil(Math.sqrt((double) width * height / limits.maxPixels()));
                    long pixels = (width / Math.max(1, step) + 1) * (height / Math.max(1, step) + 1);
                    ofd.reading.requireRoomFor(4 * pixels, "an image");
                    ImageReadParam param = reader.getDefaultReadParam();
                    if (step > 1) {
                        param.setSourceSubsampling(step, step, 0, 0);
                    }
                    BufferedImage image = reader.read(0, param);
                    ofd.reading.decoded(4 * pixels);
                    return image;
                } finally {
                    reader.dispose();
                }
            } catch (IOException | RuntimeException unreadable) {
                if (unreadable instanceof Reading.Stopped stopped) {
                    throw stopped;
                }
                return null; // an image that does not decode is left out, as PDFBox leaves it out
            }
        }

        /** A path ({@code AbbreviatedData}): filled when it says so, stroked unless it says not. */
        private static void path(Graphics2D g, Element object) throws DocumentRefused {
            Path2D.Double shape = shape(child(object, "AbbreviatedData") == null ? "" : child(object, "AbbreviatedData").getTextContent());
            if ("true".equals(object.getAttribute("Fill"))) {
                g.setColor(color(child(object, "FillColor"), Color.BLACK));
                g.fill(shape);
            }
            if (!"false".equals(object.getAttribute("Stroke"))) {
                double width = object.getAttribute("LineWidth").isBlank() ? 0.353 : number(object.getAttribute("LineWidth"));
                g.setStroke(new BasicStroke((float) Math.max(0, width)));
                g.setColor(color(child(object, "StrokeColor"), Color.BLACK));
                g.draw(shape);
            }
        }

        /**
         * Text drawn for the page's picture (the thumbnail), in the sans-serif font at its size; its words are read apart.
         * A runtime without fonts (the container image has none) cannot draw text at all: the pictures then go without it.
         */
        private static void text(Graphics2D g, Element object) throws DocumentRefused {
            if (!fontsDraw) {
                return;
            }
            double size = object.getAttribute("Size").isBlank() ? 3.5 : number(object.getAttribute("Size"));
            g.setColor(color(child(object, "FillColor"), Color.BLACK));
            double x = 0;
            double y = 0;
            try {
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 1).deriveFont((float) Math.max(0.1, size)));
                for (Element code : children(object, "TextCode")) {
                    x = code.getAttribute("X").isBlank() ? x : number(code.getAttribute("X"));
                    y = code.getAttribute("Y").isBlank() ? y : number(code.getAttribute("Y"));
                    g.drawString(code.getTextContent(), (float) x, (float) y);
                }
            } catch (RuntimeException | LinkageError | InternalError noFonts) {
                // the font manager's native library is left out of the container image
                fontsDraw = false;
            }
        }
    }

    private static Color color(Element color, Color otherwise) throws DocumentRefused {
        if (color == null || color.getAttribute("Value").isBlank()) {
            return otherwise;
        }
        String[] parts = color.getAttribute("Value").strip().split("\\s+");
        if (parts.length == 1) {
            int grey = clamp(number(parts[0]));
            return new Color(grey, grey, grey);
        }
        if (parts.length < 3) {
            return otherwise;
        }
        return new Color(clamp(number(parts[0])), clamp(number(parts[1])), clamp(number(parts[2])));
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, value));
    }

    /**
     * The path of an {@code AbbreviatedData}: S or M moves, L lines, Q and B curves, A an arc (drawn as a line to its
     * end: a copy's QR code is an image, or squares), C closes.
     */
    private static Path2D.Double shape(String data) throws DocumentRefused {
        Path2D.Double path = new Path2D.Double();
        String[] tokens = data.strip().isEmpty() ? new String[0] : data.strip().split("\\s+");
        int i = 0;
        boolean started = false;
        while (i < tokens.length) {
            String op = tokens[i++];
            int operands = switch (op) {
                case "S", "M", "L" -> 2;
                case "Q" -> 4;
                case "B" -> 6;
                case "A" -> 7;
                case "C" -> 0;
                default -> throw new DocumentRefused(Reason.MALFORMED, "The OFD's path has an operator " + op + ".");
            };
            if (i + operands > tokens.length) {
                throw new DocumentRefused(Reason.MALFORMED, "The OFD's path ends inside its operator " + op + ".");
            }
            double[] v = new double[operands];
            for (int k = 0; k < operands; k++) {
                v[k] = number(tokens[i++]);
            }
            if (!started && !op.equals("S") && !op.equals("M")) {
                path.moveTo(0, 0);
            }
            started = true;
            switch (op) {
                case "S", "M" -> path.moveTo(v[0], v[1]);
                case "L" -> path.lineTo(v[0], v[1]);
                case "Q" -> path.quadTo(v[0], v[1], v[2], v[3]);
                case "B" -> path.curveTo(v[0], v[1], v[2], v[3], v[4], v[5]);
                case "A" -> path.lineTo(v[5], v[6]);
                default -> path.closePath();
            }
        }
        return path;
    }
}
