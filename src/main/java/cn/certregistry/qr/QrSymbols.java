package cn.certregistry.qr;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;

/** QR symbols through ZXing, drawn as PNG or print-ready SVG with a quiet zone of 4 modules. Framework-free. */
public final class QrSymbols {

    public static final int QUIET_ZONE = 4;

    private QrSymbols() {
    }

    /** The symbol for a text (an upper-case URL uses the compact alphanumeric mode). */
    public static QRCode encode(String content, ErrorCorrectionLevel ecc) {
        try {
            return Encoder.encode(content, ecc, Map.of(EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("Cannot encode a QR symbol: " + e.getMessage(), e);
        }
    }

    /** Modules per side, quiet zone included. */
    public static int sideInModules(QRCode code) {
        return code.getMatrix().getWidth() + 2 * QUIET_ZONE;
    }

    /** A PNG at most {@code size} pixels wide (at least one pixel a module), each module a whole number of pixels: crisp for scanners. */
    public static byte[] png(QRCode code, int size) {
        ByteMatrix matrix = code.getMatrix();
        int side = sideInModules(code);
        int modulePixels = Math.max(1, size / side);
        int pixels = side * modulePixels;
        BufferedImage image = new BufferedImage(pixels, pixels, BufferedImage.TYPE_BYTE_BINARY);
        java.awt.image.WritableRaster raster = image.getRaster();
        int[] white = new int[pixels * pixels];
        java.util.Arrays.fill(white, 1);
        raster.setSamples(0, 0, pixels, pixels, 0, white);
        int[] dark = new int[modulePixels * modulePixels];
        for (int my = 0; my < matrix.getHeight(); my++) {
            for (int mx = 0; mx < matrix.getWidth(); mx++) {
                if (matrix.get(mx, my) == 1) {
                    raster.setSamples((mx + QUIET_ZONE) * modulePixels, (my + QUIET_ZONE) * modulePixels, modulePixels,
                            modulePixels, 0, dark);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An SVG in module units (scales to any print size without blur), one path of dark runs. */
    public static String svg(QRCode code) {
        ByteMatrix matrix = code.getMatrix();
        int side = sideInModules(code);
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            int x = 0;
            while (x < matrix.getWidth()) {
                if (matrix.get(x, y) != 1) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < matrix.getWidth() && matrix.get(x, y) == 1) {
                    x++;
                }
                path.append('M').append(start + QUIET_ZONE).append(' ').append(y + QUIET_ZONE)
                        .append('h').append(x - start).append("v1h-").append(x - start).append('z');
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + " " + side + "\" width=\"" + side
                + "mm\" height=\"" + side + "mm\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"" + side + "\" height=\"" + side + "\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>\n";
    }
}
