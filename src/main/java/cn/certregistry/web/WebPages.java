package cn.certregistry.web;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.TemplateInstance;

/** What every page shares: the language (Chinese unless asked otherwise), its words, and the switch to the other one. */
@ApplicationScoped
public class WebPages {

    public static final String LANGUAGE_COOKIE = "lang";

    @Inject
    Texts texts;

    /** {@code ?lang=} first, then the cookie a previous switch left, then Chinese. */
    public String language(UriInfo uri, HttpHeaders headers) {
        String asked = uri.getQueryParameters().getFirst("lang");
        if (asked == null && headers.getCookies().containsKey(LANGUAGE_COOKIE)) {
            asked = headers.getCookies().get(LANGUAGE_COOKIE).getValue();
        }
        return Texts.ENGLISH.equals(asked) ? Texts.ENGLISH : Texts.CHINESE;
    }

    /** Adds the shared data to a template. */
    public TemplateInstance prepare(TemplateInstance template, String language, UriInfo uri) {
        Map<String, String> words = texts.of(language);
        String other = words.get("other_language_code");
        return template.data("t", words).data("lang", language)
                .data("switchUrl", uri.getRequestUriBuilder().replaceQueryParam("lang", other).build().toString()
                        .replaceFirst("^https?://[^/]+", ""));
    }

    public Response html(int status, TemplateInstance page, String language, UriInfo uri) {
        Response.ResponseBuilder response = Response.status(status).entity(page.render())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Language", texts.of(language).get("lang_tag"))
                .cacheControl(noStore());
        if (uri.getQueryParameters().containsKey("lang")) {
            response.cookie(new NewCookie.Builder(LANGUAGE_COOKIE).value(language).path("/").maxAge(365 * 24 * 3600)
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
