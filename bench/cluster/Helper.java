import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/**
 * What bench/cluster.sh cannot do in the shell or in Python's standard library; run as a single-file source with
 * the service's own ZXing on the class path.
 *
 * <ul>
 * <li>{@code tokens <base URL>}: certificate numbers on stdin, the path of each one's verification address on
 * stdout. The API hands out the token only inside the QR code, so the scanners' URLs are read from the symbols, as
 * a phone would.</li>
 * <li>{@code signatures}: lines {@code <whpk_…> <webhook-id> <webhook-timestamp> <webhook-signature> <base64 body>}
 * on stdin; prints {@code valid N invalid M}, then the ids of the invalid ones. Python has no Ed25519, the JDK has.</li>
 * </ul>
 */
public class Helper {

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "tokens" -> tokens(args[1]);
            case "signatures" -> signatures();
            default -> {
                System.err.println("usage: Helper tokens <base URL> | Helper signatures");
                System.exit(2);
            }
        }
    }

    static void tokens(String base) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String number; (number = in.readLine()) != null;) {
            if (number.isBlank()) {
                continue;
            }
            HttpResponse<byte[]> answer = null;
            for (int attempt = 0; attempt < 5 && (answer == null || answer.statusCode() != 200); attempt++) {
                answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/certificates/" + number + "/qr.png?size=512"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("qr.png of " + number + ": " + answer.statusCode());
            }
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(answer.body()));
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
            String url = new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
            int at = url.lastIndexOf("/V/");
            if (at < 0) {
                throw new IllegalStateException("the code of " + number + " is not a verification address: " + url);
            }
            System.out.println("/v/" + url.substring(at + 3));
        }
    }

    static void signatures() throws Exception {
        byte[] prefix = HexFormat.of().parseHex("302a300506032b6570032100"); // SPKI of an Ed25519 key, before its 32 bytes
        KeyFactory keys = KeyFactory.getInstance("Ed25519");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int valid = 0;
        StringBuilder invalid = new StringBuilder();
        int invalidCount = 0;
        for (String line; (line = in.readLine()) != null;) {
            String[] f = line.split("\t");
            if (f.length < 5) {
                continue;
            }
            boolean ok = false;
            try {
                byte[] raw = Base64.getDecoder().decode(f[0].substring("whpk_".length()));
                byte[] der = new byte[prefix.length + raw.length];
                System.arraycopy(prefix, 0, der, 0, prefix.length);
                System.arraycopy(raw, 0, der, prefix.length, raw.length);
                PublicKey key = keys.generatePublic(new X509EncodedKeySpec(der));
                byte[] body = Base64.getDecoder().decode(f[4]);
                byte[] head = (f[1] + "." + f[2] + ".").getBytes(StandardCharsets.UTF_8);
                byte[] signed = new byte[head.length + body.length];
                System.arraycopy(head, 0, signed, 0, head.length);
                System.arraycopy(body, 0, signed, head.length, body.length);
                for (String s : f[3].split(" ")) {
                    if (s.startsWith("v1a,")) {
                        Signature verifier = Signature.getInstance("Ed25519");
                        verifier.initVerify(key);
                        verifier.update(signed);
                        ok |= verifier.verify(Base64.getDecoder().decode(s.substring(4)));
                    }
                }
            } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
                // a malformed key or signature is an invalid delivery
            }
            if (ok) {
                valid++;
            } else {
                invalidCount++;
                invalid.append(' ').append(f[1]);
            }
        }
        System.out.println("valid " + valid + " invalid " + invalidCount + invalid);
    }
}
