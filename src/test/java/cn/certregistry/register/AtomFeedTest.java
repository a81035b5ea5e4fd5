package cn.certregistry.register;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import cn.certregistry.Api;

/** The Atom feeds of a region and of a body: well-formed Atom, with the change just made and nothing of other regions. */
@QuarkusTest
class AtomFeedTest {

    private static final String ATOM = "http://www.w3.org/2005/Atom";

    @Test
    void aRegionsFeedShowsItsChangesAndNoOtherRegions() throws Exception {
        Api.Body body = Api.newBody("ATOM");
        String here = Api.issue(body, "440305", TODAY.minusDays(40));
        String elsewhere = Api.issue(body, "110105", TODAY.minusDays(40));
        Api.as(body).body(Api.event("SUSPENDED", TODAY.minusDays(1), "未按期接受年度监督审核"))
                .post("/api/v1/certificates/" + here + "/events").then().statusCode(201);
        Api.as(body).body(Api.event("SUSPENDED", TODAY.minusDays(1), "未按期接受年度监督审核"))
                .post("/api/v1/certificates/" + elsewhere + "/events").then().statusCode(201);

        Document feed = feedUntil("/regions/4403/feed.atom", "暂停 Suspended: " + here);
        List<Element> entries = atomFeed(feed);
        List<String> titles = entries.stream().map(e -> child(e, "title").getTextContent()).toList();
        assertTrue(titles.contains("暂停 Suspended: " + here + " 广州接口测试电器有限公司"), titles.toString());
        assertTrue(titles.contains("颁发 Issued: " + here + " 广州接口测试电器有限公司"), titles.toString());
        assertFalse(titles.stream().anyMatch(t -> t.contains(elsewhere)), "another region's certificate: " + titles);
        Element suspension = entries.stream().filter(e -> child(e, "title").getTextContent().startsWith("暂停")
                && child(e, "title").getTextContent().contains(here)).findFirst().orElseThrow();
        assertTrue(alternate(suspension).endsWith("/certificates/" + here), alternate(suspension));
        assertTrue(child(suspension, "content").getTextContent().contains("reason: 未按期接受年度监督审核"));

        // one district is part of its city and province, not of another city
        assertTrue(atomText(given().get("/regions/44/feed.atom").then().statusCode(200).extract()).contains(here));
        assertFalse(atomText(given().get("/regions/4401/feed.atom").then().statusCode(200).extract()).contains(here));
        assertTrue(atomText(given().get("/regions/11/feed.atom").then().statusCode(200).extract()).contains(elsewhere));
    }

    @Test
    void aBodysFeedShowsTheBodyAndItsCertificates() throws Exception {
        Api.Body body = Api.newBody("ATOB");
        String number = Api.issue(body, "440106", TODAY.minusDays(40));
        Document feed = feedUntil("/bodies/" + body.code() + "/feed.atom", number);
        List<String> titles = atomFeed(feed).stream().map(e -> child(e, "title").getTextContent()).toList();
        assertEquals("颁发 Issued: " + number + " 广州接口测试电器有限公司", titles.get(0), "newest first");
        assertTrue(titles.contains("认证机构登记 Certification body registered: " + body.code()), titles.toString());

        ExtractableResponse<Response> first = given().get("/bodies/" + body.code() + "/feed.atom").then().statusCode(200)
                .header("Cache-Control", containsString("max-age")).extract();
        given().header("If-None-Match", first.header("ETag")).get("/bodies/" + body.code() + "/feed.atom").then().statusCode(304);

        String listing = given().queryParam("body", body.code()).get("/").then().statusCode(200).extract().asString();
        assertTrue(listing.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/bodies/" + body.code()
                + "/feed.atom\""), "the body's listing names its feed");
        String region = given().get("/regions/4401").then().statusCode(200).extract().asString();
        assertTrue(region.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/regions/440100/feed.atom\""),
                "the region page names its feed");
    }

    @Test
    void anUnknownRegionOrBodyHasNoFeed() {
        given().get("/regions/99/feed.atom").then().statusCode(404).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("No administrative division"));
        given().get("/regions/4x/feed.atom").then().statusCode(404).body("detail", containsString("GB/T 2260"));
        given().get("/bodies/NO-SUCH-BODY/feed.atom").then().statusCode(404).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("No certification body"));
        given().accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").get("/regions/99/feed.atom").then()
                .statusCode(404);
    }

    /** The feed at {@code path} once it mentions {@code text} (the log takes a change in within a second). */
    private static Document feedUntil(String path, String text) throws Exception {
        return parse(cn.certregistry.Await.until(path + " mentions " + text, () -> given().get(path).then().statusCode(200)
                .contentType(startsWith("application/atom+xml")).extract().asByteArray(),
                atom -> new String(atom, java.nio.charset.StandardCharsets.UTF_8).contains(text)));
    }

    private static String atomText(ExtractableResponse<Response> response) throws Exception {
        return parse(response.asByteArray()).getDocumentElement().getTextContent();
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    /** The entries of a document that has what RFC 4287 requires of a feed and of each entry. */
    private static List<Element> atomFeed(Document document) {
        Element feed = document.getDocumentElement();
        assertEquals(ATOM, feed.getNamespaceURI());
        assertEquals("feed", feed.getLocalName());
        for (String required : List.of("id", "title", "updated", "author")) {
            assertNotNull(child(feed, required), required);
        }
        OffsetDateTime.parse(child(feed, "updated").getTextContent());
        List<Element> entries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Node node = feed.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element e && ATOM.equals(e.getNamespaceURI()) && e.getLocalName().equals("entry")) {
                assertTrue(ids.add(child(e, "id").getTextContent()), "ids are unique");
                assertTrue(child(e, "id").getTextContent().matches("tag:[^,]+,2026:log/[0-9]+"), child(e, "id").getTextContent());
                OffsetDateTime.parse(child(e, "updated").getTextContent());
                assertNotNull(child(e, "title"));
                entries.add(e);
            }
        }
        assertTrue(entries.size() <= 50);
        return entries;
    }

    private static String alternate(Element entry) {
        for (Node node = entry.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element e && e.getLocalName().equals("link") && e.getAttribute("rel").equals("alternate")) {
                return e.getAttribute("href");
            }
        }
        throw new AssertionError("no alternate link");
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element e && ATOM.equals(e.getNamespaceURI()) && e.getLocalName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getLocalName() + ">");
    }
}
