package cn.certregistry.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;

/** What every page shares: the language (Chinese unless asked otherwise), its words, and the switch to the other one. */
@ApplicationScoped
public class WebPages {

    public static final String CHINESE = "zh";
    public static final String ENGLISH = "en";
    public static final String LANGUAGE_COOKIE = "lang";

    @Inject
    @Localized(CHINESE)
    Messages chinese;
    @Inject
    @Localized(ENGLISH)
    Messages english;

    /** {@code ?lang=} first, then the cookie a previous switch left, then Chinese. */
    public Language language(UriInfo uri, Map<String, Cookie> cookies) {
        String asked = uri.getQueryParameters().getFirst("lang");
        if (asked == null && cookies.containsKey(LANGUAGE_COOKIE)) {
            asked = cookies.get(LANGUAGE_COOKIE).getValue();
        }
        String code = asked != null && ENGLISH.equalsIgnoreCase(asked.strip()) ? ENGLISH : CHINESE;
        String switchUrl = uri.getRequestUriBuilder().replaceQueryParam("lang", ENGLISH.equals(code) ? CHINESE : ENGLISH).build()
                .toString().replaceFirst("^https?://[^/]+", "");
        return new Language(code, switchUrl);
    }

    /** The words of a language ("en" gives English, anything else Chinese). */
    public Messages words(String language) {
        return ENGLISH.equals(language) ? english : chinese;
    }

    /** A form's fields as sent, stripped, and "" for each one not sent: what the page shows back in its form. */
    public static Map<String, String> formValues(MultivaluedMap<String, String> form, Set<String> fields) {
        Map<String, String> values = new LinkedHashMap<>();
        fields.forEach(field -> values.put(field, form.getFirst(field) == null ? "" : form.getFirst(field).strip()));
        return values;
    }

    /** The fields of a form that are filled in, as the query of the API the page stands on. */
    public static MultivaluedMap<String, String> filledIn(Map<String, String> values, List<String> fields) {
        MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
        for (String field : fields) {
            if (!values.get(field).isEmpty()) {
                query.putSingle(field, values.get(field));
            }
        }
        return query;
    }

    public Response html(int status, TemplateInstance page, Language language, UriInfo uri) {
        Response.ResponseBuilder response = Response.status(status).entity(page.setLocale(language.code()).render())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Language", words(language.code()).langTag())
                .cacheControl(noStore());
        if (uri.getQueryParameters().containsKey("lang")) {
            response.cookie(new NewCookie.Builder(LANGUAGE_COOKIE).value(language.code()).path("/").maxAge(365 * 24 * 3600)
                    .sameSite(NewCookie.SameSite.LAX).build());
        }
        return response.build();
    }

    private static CacheControl noStore() {
        CacheControl cache = new CacheControl();
        cache.setNoStore(true);
        return cache;
    }
}
