package cn.certregistry.common;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; a leading BOM is ignored. */
public final class Csv {

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

    /** The records of a text, each a list of fields; blank lines are kept as empty records so row numbers stay true. */
    public static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                records.add(fields);
                fields = new ArrayList<>();
            } else {
                field.append(c);
            }
            i++;
        }
        if (!field.isEmpty() || !fields.isEmpty()) {
            fields.add(field.toString());
            records.add(fields);
        }
        return records;
    }
}
