package cn.certregistry.ecertificate;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.QRCode;

import cn.certregistry.common.Label;
import cn.certregistry.qr.QrSymbols;

/**
 * Draws an e-certificate: one A4 page, Chinese with English beside it, the QR code drawn as vector modules, and what
 * the file proves and what it does not. Every text is fitted to its box (wrapped, then smaller, then cut with "…"
 * and a note that the register has the whole), so the page never spills onto a second. Framework-free.
 */
final class ECertificateLayout {

    /** Changes with anything drawn differently, so that files made by an older layout are made again. */
    static final String VERSION = "1";

    private static final float WIDTH = PDRectangle.A4.getWidth();
    private static final float HEIGHT = PDRectangle.A4.getHeight();
    private static final float MARGIN = 50;
    private static final float LABEL_WIDTH = 150;
    private static final float VALUE_X = MARGIN + LABEL_WIDTH + 8;
    private static final float VALUE_WIDTH = WIDTH - MARGIN - VALUE_X;
    private static final float QR_SIZE = 150;
    private static final Color GREY = new Color(0x55, 0x55, 0x55);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** The scope's type sizes, tried in turn until it fits its lines; the last one cuts. */
    private static final float[] SCOPE_SIZES = {10, 9, 8, 7};
    private static final int[] SCOPE_LINES = {5, 6, 7, 8};

    private final ECertificateFacts facts;
    private final ZonedDateTime madeAt;
    private final String signingCertificatesUrl;
    private final String signerKid;
    private PDType0Font font;
    private TrueTypeFont trueType;
    private PDPageContentStream page;

    private ECertificateLayout(ECertificateFacts facts, ZonedDateTime madeAt, String signingCertificatesUrl, String signerKid) {
        this.facts = facts;
        this.madeAt = madeAt;
        this.signingCertificatesUrl = signingCertificatesUrl;
        this.signerKid = signerKid;
    }

    /** The unsigned PDF of {@code facts}, in the TrueType font at {@code fontFile} (a .ttf, or the first of a .ttc). */
    static byte[] draw(ECertificateFacts facts, ZonedDateTime madeAt, Path fontFile, String signingCertificatesUrl,
            String signerKid) {
        try {
            return new ECertificateLayout(facts, madeAt, signingCertificatesUrl, signerKid).draw(fontFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot draw the e-certificate of " + facts.number(), e);
        }
    }

    private byte[] draw(Path fontFile) throws IOException {
        boolean collection = fontFile.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ttc");
        try (TrueTypeCollection fonts = collection ? new TrueTypeCollection(fontFile.toFile()) : null;
                TrueTypeFont single = collection ? null : new TTFParser().parse(new RandomAccessReadBufferedFile(fontFile.toFile()));
                PDDocument document = new PDDocument()) {
            trueType = collection ? firstOf(fonts) : single;
            // a subset: only the glyphs this page uses travel in the file (some tens of KB, not the font's 10 MB)
            font = PDType0Font.load(document, trueType, true);
            PDPage a4 = new PDPage(PDRectangle.A4);
            document.addPage(a4);
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle("认证证书（电子证书） Certificate " + facts.number());
            info.setSubject(facts.holderName());
            info.setProducer("cert-registry");
            info.setCreationDate(java.util.GregorianCalendar.from(madeAt));
            try (PDPageContentStream content = new PDPageContentStream(document, a4)) {
                page = content;
                drawPage();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static TrueTypeFont firstOf(TrueTypeCollection fonts) throws IOException {
        TrueTypeFont[] first = new TrueTypeFont[1];
        fonts.processAllFonts(each -> {
            if (first[0] == null) {
                first[0] = each;
            }
        });
        if (first[0] == null) {
            throw new IOException("The font collection holds no font");
        }
        return first[0];
    }

    private void drawPage() throws IOException {
        float y = HEIGHT - 62;
        centred("认证证书（电子证书）", 20, y, Color.BLACK);
        centred("Certificate · electronic copy", 11, y - 18, GREY);
        centred(facts.scheme().zh(), 14, y - 44, Color.BLACK);
        centred(facts.scheme().en(), 9, y - 58, GREY);
        y -= 70;
        rule(y);
        y -= 20;
        y = row(y, new Label("证书编号", "Certificate number"), List.of(facts.number()), 10, 1);
        y = row(y, new Label("获证组织", "Holder"), List.of(facts.holderName()), 10, 2);
        y = row(y, new Label("统一社会信用代码", "Unified social credit code"), List.of(facts.creditCode()), 10, 1);
        y = row(y, new Label("认证依据", "Standard"), List.of(facts.standards()), 9, 2);
        y = row(y, new Label("等级", "Grade"), List.of(facts.grade().zh() + "  " + facts.grade().en()), 10, 1);
        y = row(y, new Label("得分", "Score"), List.of(plain(facts.score()) + " / " + facts.scoreScale()), 10, 1);
        y = scope(y);
        y = row(y, new Label("发证日期", "Issue date"), List.of(facts.issueDate().toString()), 10, 1);
        y = row(y, new Label("有效期至", "Valid until"), List.of(facts.expiryDate().toString()), 10, 1);
        y = row(y, new Label("认证机构", "Certification body"), List.of(facts.bodyName()), 10, 2);
        y = row(y, new Label("批准号", "CNCA approval number"), List.of(facts.approvalNumber() == null ? "—" : facts.approvalNumber(),
                "发证日机构资质：" + facts.approvalOnIssueDate().zh() + "  Approval on the issue date: "
                        + facts.approvalOnIssueDate().en()), 10, 3);
        String when = MINUTE.format(madeAt) + " (" + madeAt.getZone().getId() + ")";
        String since = facts.statusSince() == null ? "" : "（自 " + facts.statusSince() + " 起 / since " + facts.statusSince() + "）";
        y = row(y, new Label("状态", "Status"), List.of(facts.status().zh() + "  " + facts.status().en() + since,
                "截至 " + when + " 登记簿的记录  As the register recorded it at " + when), 10, 3);
        rule(y + 6);
        statement(Math.min(y - 8, 300));
        footer();
    }

    /** The scope: wrapped, in smaller type while it does not fit, cut at last with a note that the register has it all. */
    private float scope(float y) throws IOException {
        String text = facts.scope() == null ? "—" : facts.scope();
        for (int i = 0; i < SCOPE_SIZES.length; i++) {
            List<String> lines = wrap(text, SCOPE_SIZES[i], VALUE_WIDTH);
            if (lines.size() <= SCOPE_LINES[i]) {
                return row(y, new Label("认证范围", "Scope"), List.of(text), SCOPE_SIZES[i], SCOPE_LINES[i]);
            }
        }
        float size = SCOPE_SIZES[SCOPE_SIZES.length - 1];
        float after = row(y, new Label("认证范围", "Scope"), List.of(text), size, SCOPE_LINES[SCOPE_LINES.length - 1]);
        show("认证范围较长，此处未全部列出，完整内容见登记簿。The scope is cut here; the register holds the whole of it.",
                VALUE_X, after + 6, size, GREY);
        return after - size - 2;
    }

    /**
     * A label (Chinese, English under it) and its values, each value wrapped to at most {@code maxLines} lines in all,
     * cut with "…" beyond them. Returns where the next row starts.
     */
    private float row(float y, Label label, List<String> values, float size, int maxLines) throws IOException {
        show(label.zh(), MARGIN, y, 10, Color.BLACK);
        show(label.en(), MARGIN, y - 11, 7, GREY);
        float leading = size * 1.3f;
        float line = y;
        int left = maxLines;
        for (String value : values) {
            List<String> lines = wrap(value, size, VALUE_WIDTH);
            if (lines.size() > left) {
                lines = new ArrayList<>(lines.subList(0, left));
                lines.set(left - 1, cut(lines.get(left - 1), size, VALUE_WIDTH));
            }
            for (String text : lines) {
                show(text, VALUE_X, line, size, Color.BLACK);
                line -= leading;
            }
            left -= lines.size();
            if (left <= 0) {
                break;
            }
        }
        return Math.min(y - 26, line - 10);
    }

    /** The QR code, and beside it what the file proves, what it does not, and how its signature is checked. */
    private void statement(float top) throws IOException {
        float qrX = MARGIN;
        float qrY = top - QR_SIZE;
        qr(qrX, qrY);
        show("扫码查验当前状态", qrX + 8, qrY - 4, 9, Color.BLACK);
        show("Scan for the current status", qrX + 8, qrY - 15, 7, GREY);
        float x = qrX + QR_SIZE + 16;
        float width = WIDTH - MARGIN - x;
        float y = top - 10;
        y = paragraph("本文件证明：证书登记簿在上述时间对该证书的记录。", x, y, width, 9, Color.BLACK);
        y = paragraph("本文件不证明此后的变化：证书此后可能已被暂停、撤销、注销或已过期。请扫描二维码查验当前状态。", x, y, width, 9,
                Color.BLACK);
        y = paragraph("本文件带有登记簿的数字签名（文档签名密钥 " + signerKid + "），任何改动都会使签名失效；签名证书公布于 "
                + signingCertificatesUrl + "。", x, y, width, 9, Color.BLACK);
        y -= 4;
        y = paragraph("What this file proves: the register's record of this certificate at the time above.", x, y, width, 8,
                GREY);
        y = paragraph("What it does not prove: any later change. The certificate may since have been suspended, withdrawn,"
                + " cancelled or have expired: scan the code for its current status.", x, y, width, 8, GREY);
        paragraph("The file is digitally signed by the register (document-signing key " + signerKid + "); any change to it"
                + " breaks the signature. The signing certificates are published at " + signingCertificatesUrl + ".", x, y,
                width, 8, GREY);
    }

    private void qr(float x, float y) throws IOException {
        QRCode code = QrSymbols.encode(facts.verificationUrl(), ErrorCorrectionLevel.M);
        ByteMatrix matrix = code.getMatrix();
        float module = QR_SIZE / QrSymbols.sideInModules(code);
        page.setNonStrokingColor(Color.BLACK);
        for (int my = 0; my < matrix.getHeight(); my++) {
            for (int mx = 0; mx < matrix.getWidth(); mx++) {
                if (matrix.get(mx, my) == 1) {
                    page.addRect(x + (mx + QrSymbols.QUIET_ZONE) * module,
                            y + QR_SIZE - (my + QrSymbols.QUIET_ZONE + 1) * module, module, module);
                }
            }
        }
        page.fill();
    }

    private void footer() throws IOException {
        show("由证书登记簿于 " + MINUTE.format(madeAt) + " 生成 · 共 1 页   Made by the certificate register at "
                + MINUTE.format(madeAt) + " · 1 page", MARGIN, 36, 7, GREY);
    }

    private float paragraph(String text, float x, float y, float width, float size, Color colour) throws IOException {
        for (String line : wrap(text, size, width)) {
            show(line, x, y, size, colour);
            y -= size * 1.35f;
        }
        return y - 3;
    }

    private void centred(String text, float size, float y, Color colour) throws IOException {
        String shown = printable(text);
        show(shown, (WIDTH - width(shown, size)) / 2, y, size, colour);
    }

    private void rule(float y) throws IOException {
        page.setStrokingColor(GREY);
        page.setLineWidth(0.5f);
        page.moveTo(MARGIN, y);
        page.lineTo(WIDTH - MARGIN, y);
        page.stroke();
    }

    private void show(String text, float x, float y, float size, Color colour) throws IOException {
        page.beginText();
        page.setNonStrokingColor(colour);
        page.setFont(font, size);
        page.newLineAtOffset(x, y);
        page.showText(printable(text));
        page.endText();
    }

    /**
     * Greedy lines of at most {@code width}: Latin words stay whole (unless one alone is wider than a line), a Chinese
     * text breaks between any two characters.
     */
    private List<String> wrap(String text, float size, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String token : tokens(printable(text))) {
            String candidate = line + token;
            if (width(candidate, size) <= width || line.isEmpty() && token.isBlank()) {
                line.append(token);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
            }
            String rest = token.stripLeading();
            while (width(rest, size) > width) {
                int fits = 1;
                while (fits < rest.length() && width(rest.substring(0, fits + 1), size) <= width) {
                    fits++;
                }
                lines.add(rest.substring(0, fits));
                rest = rest.substring(fits);
            }
            line.append(rest);
        }
        if (!line.toString().isBlank()) {
            lines.add(line.toString().stripTrailing());
        }
        return lines.isEmpty() ? List.of("") : lines;
    }

    /** Runs of Latin letters and digits with the space before them, and each other character alone. */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            int wordStart = i;
            while (i < text.length() && text.charAt(i) < 0x2E80 && text.charAt(i) != ' ') {
                i++;
            }
            if (i == wordStart && i < text.length()) {
                i++;
            }
            tokens.add(text.substring(start, i));
        }
        return tokens;
    }

    private String cut(String line, float size, float width) throws IOException {
        String shortened = line;
        while (!shortened.isEmpty() && width(shortened + "…", size) > width) {
            shortened = shortened.substring(0, shortened.length() - 1);
        }
        return shortened + "…";
    }

    private float width(String text, float size) throws IOException {
        return font.getStringWidth(text) / 1000 * size;
    }

    /** The text with line breaks as spaces and every character the font lacks as "?": a register's data is free text. */
    private String printable(String text) throws IOException {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length();) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (Character.isWhitespace(codePoint) || Character.isISOControl(codePoint)) {
                shown.append(' ');
            } else if (trueType.getUnicodeCmapLookup().getGlyphId(codePoint) == 0) {
                shown.append('?');
            } else {
                shown.appendCodePoint(codePoint);
            }
        }
        return shown.toString();
    }

    private static String plain(java.math.BigDecimal score) {
        return score.stripTrailingZeros().toPlainString();
    }
}
