package cn.certregistry.qr;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.QRCode;

import cn.certregistry.common.GenerationalCache;
import cn.certregistry.common.Hashes;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;

/** A certificate's QR code, as PNG or SVG: public, cacheable, and revalidated by ETag. */
@Path("/api/v1/certificates/{number}")
public class QrResource {

    @Inject
    CertificateCodes codes;

    /**
     * Rendered symbols by ETag, up to 16 MB: a symbol changes only with its certificate's signed facts, and rendering
     * (a PNG's deflate above all) costs more than the rest of the request.
     */
    private final GenerationalCache<String, Object> rendered = new GenerationalCache<>(16L << 20,
            body -> body instanceof byte[] bytes ? bytes.length : 2L * ((String) body).length());

    @GET
    @Path("qr.png")
    public Response png(@PathParam("number") String number, @Context UriInfo uri, @Context Request request) {
        QueryParameters parameters = QueryParameters.of(uri, Set.of("size", "ecc"));
        int size = parameters.integer("size", 512, 64, 2048);
        ErrorCorrectionLevel ecc = ecc(parameters);
        String url = codes.url(number);
        return cached(request, url + "|png|" + ecc + "|" + size, "image/png",
                () -> QrSymbols.png(QrSymbols.encode(url, ecc), size));
    }

    @GET
    @Path("qr.svg")
    public Response svg(@PathParam("number") String number, @Context UriInfo uri, @Context Request request) {
        QueryParameters parameters = QueryParameters.of(uri, Set.of("ecc"));
        ErrorCorrectionLevel ecc = ecc(parameters);
        String url = codes.url(number);
        return cached(request, url + "|svg|" + ecc, "image/svg+xml", () -> {
            QRCode code = QrSymbols.encode(url, ecc);
            return QrSymbols.svg(code);
        });
    }

    private static ErrorCorrectionLevel ecc(QueryParameters parameters) {
        String level = parameters.text("ecc", 1).orElse("M").toUpperCase(Locale.ROOT);
        try {
            return ErrorCorrectionLevel.valueOf(level);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidParameter("ecc", "'ecc' is one of L, M, Q, H (error correction of 7, 15, 25, 30 %).");
        }
    }

    private Response cached(Request request, String identity, String mediaType, java.util.function.Supplier<Object> body) {
        EntityTag tag = new EntityTag(HexFormat.of().formatHex(Hashes.sha256(identity), 0, 16));
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.cacheControl(cache).tag(tag).build();
        }
        Object symbol = rendered.get(tag.getValue());
        if (symbol == null) {
            symbol = body.get();
            rendered.put(tag.getValue(), symbol);
        }
        return Response.ok(symbol, mediaType).cacheControl(cache).tag(tag).build();
    }
}
