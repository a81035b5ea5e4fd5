package cn.certregistry.document;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * OFD files (GB/T 33190) written by hand, as a zip of XML: {@code OFD.xml}, {@code Doc_0/Document.xml}, a resource file
 * listing the images, and a {@code Content.xml} per page of text objects and image objects; and the zip written by hand
 * too, so that a hostile one can declare what it likes.
 */
final class OfdFiles {

    static final String NS = "xmlns:ofd=\"http://www.ofdspec.org/2016\"";

    private final List<String> pages = new ArrayList<>();
    private final Map<String, byte[]> images = new LinkedHashMap<>();
    private int nextId = 100;

    /** A page of text, one text object a line, in 4 mm letters from the top left. */
    OfdFiles textPage(String... lines) {
        pages.add(layer(text(lines)));
        return this;
    }

    /**
     * A page with a caption and an image (a PNG), its top-left corner at ({@code x}, {@code y}) mm, {@code side} mm
     * square, turned {@code degrees} clockwise about its centre.
     */
    OfdFiles imagePage(String caption, byte[] png, double x, double y, double side, double degrees) {
        String id = Integer.toString(nextId++);
        images.put(id, png);
        double turn = Math.toRadians(degrees);
        double cos = Math.cos(turn);
        double sin = Math.sin(turn);
        // the unit square scaled to the side, turned about its centre, within a boundary that holds it turned
        double extent = side * (Math.abs(cos) + Math.abs(sin));
        double e = extent / 2 - side / 2 * cos + side / 2 * sin;
        double f = extent / 2 - side / 2 * sin - side / 2 * cos;
        String image = String.format(Locale.ROOT,
                "<ofd:ImageObject ID=\"%s\" Boundary=\"%.3f %.3f %.3f %.3f\" CTM=\"%.6f %.6f %.6f %.6f %.6f %.6f\" ResourceID=\"%s\"/>",
                Integer.toString(nextId++), x, y, extent, extent, side * cos, side * sin, -side * sin, side * cos, e, f, id);
        pages.add(layer(text(caption) + image));
        return this;
    }

    /** The OFD as a zip. */
    byte[] bytes() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("OFD.xml", xml(ofd()));
        entries.put("Doc_0/Document.xml", xml(document(pages.size())));
        StringBuilder res = new StringBuilder("<ofd:Res " + NS + " BaseLoc=\"Res\"><ofd:MultiMedias>");
        for (String id : images.keySet()) {
            res.append("<ofd:MultiMedia ID=\"").append(id).append("\" Type=\"Image\"><ofd:MediaFile>image_").append(id)
                    .append(".png</ofd:MediaFile></ofd:MultiMedia>");
        }
        entries.put("Doc_0/DocumentRes.xml", xml(res.append("</ofd:MultiMedias></ofd:Res>").toString()));
        for (int i = 0; i < pages.size(); i++) {
            entries.put("Doc_0/Pages/Page_" + i + "/Content.xml", xml(pages.get(i)));
        }
        for (Map.Entry<String, byte[]> image : images.entrySet()) {
            entries.put("Doc_0/Res/image_" + image.getKey() + ".png", image.getValue());
        }
        return zip(entries);
    }

    static String ofd() {
        return "<ofd:OFD " + NS + " Version=\"1.1\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo><ofd:DocID>bid</ofd:DocID>"
                + "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>";
    }

    /** A Document.xml of A4 pages, each {@code Pages/Page_<i>/Content.xml}. */
    static String document(int pages) {
        StringBuilder document = new StringBuilder("<ofd:Document " + NS + "><ofd:CommonData><ofd:MaxUnitID>1</ofd:MaxUnitID>"
                + "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
                + "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData><ofd:Pages>");
        for (int i = 0; i < pages; i++) {
            document.append("<ofd:Page ID=\"").append(i + 1).append("\" BaseLoc=\"Pages/Page_").append(i).append("/Content.xml\"/>");
        }
        return document.append("</ofd:Pages></ofd:Document>").toString();
    }

    static String layer(String objects) {
        return "<ofd:Page " + NS + "><ofd:Content><ofd:Layer ID=\"1\">" + objects + "</ofd:Layer></ofd:Content></ofd:Page>";
    }

    private String text(String... lines) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            text.append(String.format(Locale.ROOT, "<ofd:TextObject ID=\"%d\" Boundary=\"20 %d 170 8\" Font=\"1\" Size=\"4\">"
                    + "<ofd:TextCode X=\"0\" Y=\"5\">%s</ofd:TextCode></ofd:TextObject>", nextId++, 20 + 8 * i, lines[i]));
        }
        return text.toString();
    }

    static byte[] xml(String xml) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml).getBytes(StandardCharsets.UTF_8);
    }

    /** A zip of these entries, deflated, each declaring its true size. */
    static byte[] zip(Map<String, byte[]> entries) {
        ZipWriter zip = new ZipWriter();
        entries.forEach((name, data) -> zip.add(name, deflated(data), data.length, crc(data)));
        return zip.finish();
    }

    static byte[] deflated(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** {@code size} zero bytes deflated, made as they are deflated: never all in memory. */
    static byte[] deflatedZeros(long size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        for (long fed = 0; fed < size; fed += zeros.length) {
            deflater.setInput(zeros, 0, (int) Math.min(zeros.length, size - fed));
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    /** A zip written field by field: each entry says what its writer likes about its size. */
    static final class ZipWriter {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream directory = new ByteArrayOutputStream();
        private int count;

        ZipWriter add(String name, byte[] deflated, long declaredSize, long crc) {
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            int offset = out.size();
            int32(out, 0x04034b50);
            int16(out, 20);
            int16(out, 0x0800);
            int16(out, 8);
            int32(out, 0);
            int32(out, (int) crc);
            int32(out, deflated.length);
            int32(out, (int) declaredSize);
            int16(out, nameBytes.length);
            int16(out, 0);
            out.writeBytes(nameBytes);
            out.writeBytes(deflated);
            int32(directory, 0x02014b50);
            int16(directory, 20);
            int16(directory, 20);
            int16(directory, 0x0800);
            int16(directory, 8);
            int32(directory, 0);
            int32(directory, (int) crc);
            int32(directory, deflated.length);
            int32(directory, (int) declaredSize);
            int16(directory, nameBytes.length);
            int16(directory, 0);
            int16(directory, 0);
            int16(directory, 0);
            int16(directory, 0);
            int32(directory, 0);
            int32(directory, offset);
            directory.writeBytes(nameBytes);
            count++;
            return this;
        }

        byte[] finish() {
            int start = out.size();
            byte[] listed = directory.toByteArray();
            out.writeBytes(listed);
            int32(out, 0x06054b50);
            int16(out, 0);
            int16(out, 0);
            int16(out, count);
            int16(out, count);
            int32(out, listed.length);
            int32(out, start);
            int16(out, 0);
            return out.toByteArray();
        }

        private static void int16(ByteArrayOutputStream out, int value) {
            out.write(value & 0xFF);
            out.write((value >> 8) & 0xFF);
        }

        private static void int32(ByteArrayOutputStream out, int value) {
            int16(out, value & 0xFFFF);
            int16(out, (value >>> 16) & 0xFFFF);
        }
    }
}
