package cn.certregistry.verification;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.certregistry.common.CostlyRequests;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.register.CertificateSearch;

/** The procurement officers' checks by number: one certificate, or up to 1 000 at once. */
@Path("/api/v1/verify")
public class CheckResource {

    public static final int MAX_ITEMS = 1000;
    private static final String BATCH_SHAPE = "Send {\"items\": [{\"number\": …, \"creditCode\": …, \"on\": …}]}.";

    @Inject
    ObjectMapper json;
    @Inject
    VerificationService verification;
    @Inject
    CostlyRequests costly;

    /** One certificate, for procurement: genuine, the bidder's, valid on the bid date. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public VerificationService.Check check(@Context UriInfo uri) {
        QueryParameters parameters = QueryParameters.of(uri, Set.of("number", "creditCode", "on"));
        String number = CertificateSearch.normalisedNumber("number", parameters.text("number", 60)
                .orElseThrow(() -> ProblemException.invalidParameter("number", "'number' is required.")));
        String creditCode = parameters.text("creditCode", 40).map(code -> VerificationService.creditCode("creditCode", code)).orElse(null);
        LocalDate on = parameters.date("on").orElse(null);
        return verification.check(List.of(new VerificationService.Item(number, creditCode, on))).get(0);
    }

    public record ItemRequest(String number, String creditCode, String on) {
    }

    public record BatchAnswer(int count, List<VerificationService.Check> results) {
    }

    /**
     * Up to 1 000 certificates at once; each answer carries its request index, and a bad line fails alone.
     * The body is read as a stream: the item past the cap ends the reading, so a huge array costs nothing.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public BatchAnswer checkMany(InputStream body) throws IOException {
        String on = null;
        List<VerificationService.Line> lines = null;
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ProblemException(ProblemType.MALFORMED_REQUEST, BATCH_SHAPE, null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("items") && value == JsonToken.START_ARRAY) {
                    lines = items(parser);
                } else if (field.equals("on") && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    on = parser.getValueAsString();
                } else if (field.equals("on") && value != JsonToken.VALUE_NULL) {
                    throw ProblemException.invalidParameter("on", "'on' is a date written YYYY-MM-DD, not a list or an object.");
                } else {
                    parser.skipChildren();
                }
            }
        }
        if (lines == null) {
            throw ProblemException.invalidParameter("items", BATCH_SHAPE);
        }
        LocalDate defaultOn = on == null ? null : QueryParameters.parseDate("on", on);
        List<VerificationService.Line> read = lines;
        List<VerificationService.Check> results = costly.run(() -> verification.checkLines(read, defaultOn));
        return new BatchAnswer(results.size(), results);
    }

    private List<VerificationService.Line> items(JsonParser parser) throws IOException {
        List<VerificationService.Line> lines = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (lines.size() == MAX_ITEMS) {
                throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, "At most " + MAX_ITEMS + " items per request;"
                        + " split the list.", "items");
            }
            ItemRequest item = parser.currentToken() == JsonToken.VALUE_NULL ? null : json.readValue(parser, ItemRequest.class);
            int index = lines.size();
            lines.add(item == null ? new VerificationService.Line(index, null, null, null)
                    : new VerificationService.Line(index, item.number(), item.creditCode(), item.on()));
        }
        return lines;
    }
}
