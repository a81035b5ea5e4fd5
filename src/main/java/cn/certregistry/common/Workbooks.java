package cn.certregistry.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Reads an uploaded XLSX workbook as a stream of rows (POI's SAX reader, never the whole sheet in
 * memory), with the zip-bomb guards set: an entry that inflates more than a hundredfold, or beyond
 * 20 MB, is refused before it is read. The consumer may stop the reading by throwing.
 */
public final class Workbooks {

    private static final long MAX_ENTRY_SIZE = 20L * 1024 * 1024;
    private static final int MAX_COLUMNS = 16_384;

    static {
        ZipSecureFile.setMinInflateRatio(0.01);
        ZipSecureFile.setMaxEntrySize(MAX_ENTRY_SIZE);
        ZipSecureFile.setMaxTextSize(MAX_ENTRY_SIZE);
    }

    private Workbooks() {
    }

    /** The first sheet's rows, each as the text of its cells up to the last one filled, in order. */
    public static void firstSheetRows(Path file, Consumer<List<String>> rows) throws IOException {
        try (OPCPackage workbook = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(workbook);
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                return;
            }
            try (InputStream sheet = sheets.next()) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), new ReadOnlySharedStringsTable(workbook),
                        new RowCollector(rows), new DataFormatter(), false));
                parser.parse(new InputSource(sheet));
            }
        } catch (OpenXML4JException | SAXException | javax.xml.parsers.ParserConfigurationException e) {
            throw new IOException("Not a readable XLSX workbook", e);
        }
    }

    private static final class RowCollector implements XSSFSheetXMLHandler.SheetContentsHandler {

        private final Consumer<List<String>> rows;
        private List<String> cells;

        RowCollector(Consumer<List<String>> rows) {
            this.rows = rows;
        }

        @Override
        public void startRow(int row) {
            cells = new ArrayList<>();
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            int column = reference == null ? cells.size() : column(reference);
            while (cells.size() < column) {
                cells.add("");
            }
            cells.add(value == null ? "" : value);
        }

        @Override
        public void endRow(int row) {
            rows.accept(cells);
        }

        /**
         * The zero-based column of a cell reference such as B12. A reference beyond XFD, the format's last
         * column, is refused: the row is padded up to the cell, and ZZZZZZ1 would pad it with 321 million cells.
         */
        private static int column(String reference) {
            int column = 0;
            for (char c : reference.toCharArray()) {
                char letter = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
                if (letter < 'A' || letter > 'Z') {
                    break;
                }
                column = column * 26 + (letter - 'A' + 1);
                if (column > MAX_COLUMNS) {
                    throw new IllegalArgumentException("Cell " + reference + " lies beyond the last column, XFD");
                }
            }
            return column - 1;
        }
    }
}
