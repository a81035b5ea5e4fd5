package cn.certregistry.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; a leading BOM is ignored. */
public final class Csv {

    /**
     * Strict RFC 4180: a quote left open pairs with the next quote in the file, and strictness makes the text
     * after that one ({@code "ab"c}) an error instead of a field swallowing the lines in between.
     */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180;

    private Csv() {
    }

    /**
     * One record as a CRLF-terminated line, every field quoted. A field opening with =, +, - or @ gets a
     * leading apostrophe: a spreadsheet would otherwise evaluate it as a formula.
     */
    public static String line(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (String field : fields) {
            if (!line.isEmpty()) {
                line.append(',');
            }
            boolean formula = !field.isEmpty() && "=+-@".indexOf(field.charAt(0)) >= 0;
            line.append('"').append(formula ? "'" : "").append(field.replace("\"", "\"\"")).append('"');
        }
        return line.append("\r\n").toString();
    }

    /**
     * The records of a text, each a list of fields, read only as far as the stream is consumed. Blank lines
     * are kept as empty records so row numbers stay true. A quoted field that is not closed is a problem of
     * {@code parameter} naming the line its record starts on; bytes a strict UTF-8 reader cannot decode are one too.
     */
    public static Stream<List<String>> records(Reader text, String parameter) {
        try {
            BufferedReader reader = new BufferedReader(text);
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
            Iterator<CSVRecord> records = parser.iterator();
            Iterator<List<String>> fields = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    long line = parser.getCurrentLineNumber() + 1;
                    try {
                        return records.hasNext();
                    } catch (UncheckedIOException e) {
                        throw unreadable(e.getCause(), line, parameter);
                    }
                }

                @Override
                public List<String> next() {
                    return records.next().toList();
                }
            };
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(fields, Spliterator.ORDERED), false);
        } catch (IOException e) {
            throw unreadable(e, 1, parameter);
        }
    }

    private static RuntimeException unreadable(IOException e, long line, String parameter) {
        if (e instanceof CSVException) {
            return ProblemException.invalidParameter(parameter, "Line " + line + ": a quoted field is not closed, or a quote"
                    + " within it is not doubled.");
        }
        if (e instanceof CharacterCodingException) {
            // no line: the decoder reads ahead of the parser, so the line being parsed is not where the bytes are
            return ProblemException.invalidParameter(parameter, "The text is not UTF-8.");
        }
        return new UncheckedIOException(e);
    }
}
