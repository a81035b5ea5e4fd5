package cn.certregistry.ecertificate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import cn.certregistry.Api;
import cn.certregistry.PostgresTestResource;
import cn.certregistry.procurement.TextBidFiles;

/**
 * An e-certificate attached inside a bid PDF, as bidders send them: its page searched as the bid's pages are, its
 * signature checked for the certificates found in it alone, and its place named by the attachment.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class AttachedECertificateTest {

    private static final String DISTRICT = "440106";

    @Inject
    ECertificateConfig fonts;

    @BeforeEach
    void aFontIsInstalled() {
        Fonts.assumeOne(fonts);
    }

    @Test
    void anAttachedECertificateIsFoundByItsCodeAndNamedByItsAttachment() throws Exception {
        Api.Body body = Api.newBody("EA");
        String number = Api.issue(body, DISTRICT, Api.TODAY.minusMonths(2));
        byte[] bid = bid("Bid of the bidder, with its certificate attached.", Map.of("certificate.pdf", eCertificate(number)));

        // read once, by the page's form: the job's answer on the API, its page and its CSV
        String job = Api.bidFileJob(given().multiPart("file", "bid.pdf", bid, "application/pdf")
                .multiPart("bidDate", Api.TODAY.toString()));
        Api.contract().get("/api/v1/verify/document/jobs/" + job.substring(job.lastIndexOf('/') + 1)).then().statusCode(200)
                .body("result.certificates", hasSize(1))
                .body("result.certificates[0].foundBy", equalTo("QR_CODE"))
                .body("result.certificates[0].foundAt[0].attachment", equalTo("certificate.pdf"))
                .body("result.certificates[0].foundAt[0].page", equalTo(1))
                .body("result.certificates[0].check.number", equalTo(number))
                .body("result.certificates[0].check.verdict", equalTo("VALID_ON_DATE_HOLDER_NOT_CHECKED"));
        // the page (a job's result, kept and read back) and its CSV name the attachment in the officer's language
        assertTrue(given().get(job).then().statusCode(200).extract().asString().contains("附件 certificate.pdf 第 1 页"),
                "the page names the attachment");
        String csv = given().queryParam("lang", "en").get(job + "/result.csv").then().statusCode(200).extract().asString();
        assertTrue(csv.contains("attachment certificate.pdf, page 1"), "the CSV names the attachment:\n" + csv);
    }

    @Test
    void aChangedByteInTheAttachedECertificateAltersItsCertificateAndNotTheBidsOthers() throws Exception {
        Api.Body body = Api.newBody("EA");
        String attached = Api.issue(body, DISTRICT, Api.TODAY.minusMonths(2));
        String printed = Api.issue(body, DISTRICT, Api.TODAY.minusMonths(2));
        byte[] changed = eCertificate(attached);
        changed[ECertificateTest.indexOf(changed, "(cert-registry)".getBytes(StandardCharsets.US_ASCII)) + 1] = 'C';
        byte[] bid = bid("Our other certificate: " + printed, Map.of("certificate.pdf", changed));

        check(bid).body("certificates", hasSize(2))
                .body("certificates.find { it.check.number == '" + attached + "' }.check.verdict", equalTo("ALTERED"))
                .body("certificates.find { it.check.number == '" + attached + "' }.reason",
                        containsString("changed after the register signed it"))
                .body("certificates.find { it.check.number == '" + printed + "' }.check.verdict",
                        equalTo("VALID_ON_DATE_HOLDER_NOT_CHECKED"))
                .body("certificates.find { it.check.number == '" + printed + "' }.foundAt[0].attachment",
                        org.hamcrest.Matchers.nullValue());
    }

    @Test
    void anAttachmentThatIsNoPdfIsLeftUnreadAndTooManyAttachmentsAreRefused() throws Exception {
        Api.Body body = Api.newBody("EA");
        String number = Api.issue(body, DISTRICT, Api.TODAY.minusMonths(2));
        // a text file stating a number is no certificate copy: it is not read
        check(bid("Bid of the bidder.", Map.of("notes.txt", ("Certificate " + number).getBytes(StandardCharsets.UTF_8))))
                .body("certificates", hasSize(0));

        byte[] eCertificate = eCertificate(number);
        Map<String, byte[]> nine = new LinkedHashMap<>();
        for (int i = 1; i <= 9; i++) {
            nine.put("certificate-" + i + ".pdf", eCertificate);
        }
        Api.contractForUploads().multiPart("file", "bid.pdf", bid("Bid of the bidder.", nine), "application/pdf")
                .multiPart("on", Api.TODAY.toString()).post("/api/v1/verify/document").then().statusCode(413)
                .contentType("application/problem+json").body("type", containsString("content-too-large"))
                .body("detail", containsString("more than 8 attached files"));
    }

    private static ValidatableResponse check(byte[] bid) {
        return Api.contractForUploads().multiPart("file", "bid.pdf", bid, "application/pdf").multiPart("on", Api.TODAY.toString())
                .post("/api/v1/verify/document").then().statusCode(200);
    }

    private static byte[] eCertificate(String number) {
        return Api.contract().get("/certificates/" + number + ".pdf").then().statusCode(200).extract().asByteArray();
    }

    /** A bid PDF of one page of text, with these files attached as embedded files. */
    private static byte[] bid(String text, Map<String, byte[]> attachments) throws IOException {
        try (PDDocument document = new PDDocument()) {
            TextBidFiles.textPage(document, 12, text);
            Map<String, PDComplexFileSpecification> files = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> attachment : attachments.entrySet()) {
                PDEmbeddedFile file = new PDEmbeddedFile(document, new ByteArrayInputStream(attachment.getValue()));
                file.setSize(attachment.getValue().length);
                PDComplexFileSpecification specification = new PDComplexFileSpecification();
                specification.setFile(attachment.getKey());
                specification.setFileUnicode(attachment.getKey());
                specification.setEmbeddedFile(file);
                specification.setEmbeddedFileUnicode(file);
                files.put(attachment.getKey(), specification);
            }
            PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
            tree.setNames(files);
            PDDocumentNameDictionary names = new PDDocumentNameDictionary(document.getDocumentCatalog());
            names.setEmbeddedFiles(tree);
            document.getDocumentCatalog().setNames(names);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }
}
