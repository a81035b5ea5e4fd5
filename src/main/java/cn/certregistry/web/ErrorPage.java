package cn.certregistry.web;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import cn.certregistry.common.Problem;

/**
 * The one error page of the web. Every failure becomes a problem document in {@link cn.certregistry.common.ProblemMapper};
 * when it answers a page, the error page shows it instead, with the same status, in the page's language. API clients
 * and downloads keep the problem document.
 */
public class ErrorPage {

    /** Where programs, not people, ask: the API, the published keys, the log, the open data and the export keys. */
    private static final List<String> PROGRAM_ADDRESSES = List.of("/api/", "/.well-known/", "/log/", "/open-data/", "/exports/",
            "/status/");

    @Inject
    WebPages pages;

    @CheckedTemplate(basePath = "web")
    static class Templates {
        static native TemplateInstance error(Language lang, String title, Problem problem);
    }

    /** Runs before {@link SecurityHeaders} (response filters run from the highest priority down), which needs the final type. */
    @ServerResponseFilter(priority = Priorities.USER + 100)
    public void showOnPages(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo matched) {
        // no resource method was matched when the failure came before the choice of one (e.g. an empty Accept)
        Method method = matched == null ? null : matched.getResourceMethod();
        if (!(response.getEntity() instanceof Problem problem) || !answersAPage(request, method)) {
            return;
        }
        Language language = pages.language(request.getUriInfo(), request.getCookies());
        Messages words = pages.words(language.code());
        String title = problem.status() == Response.Status.NOT_FOUND.getStatusCode() ? words.notFoundTitle() : words.errorTitle();
        Response page = pages.html(problem.status(), Templates.error(language, title, problem), language, request.getUriInfo());
        response.setEntity(page.getEntity(), null, page.getMediaType());
        page.getHeaders().forEach(response.getHeaders()::put);
    }

    /**
     * A page is a resource method that produces HTML; where none matched (a mistyped address), a browser still gets
     * one, except under the addresses for programs ({@link #PROGRAM_ADDRESSES}) and the feeds.
     */
    private static boolean answersAPage(ContainerRequestContext request, Method method) {
        if (acceptable(request).stream().anyMatch(type -> type.getSubtype().endsWith("json"))) {
            // a client that names JSON (a problem document, say) is a program, whichever method took its request
            return false;
        }
        String path = request.getUriInfo().getPath();
        if (path.endsWith(".atom")) {
            // a feed reader, even where a page's method took the address (/regions//feed.atom)
            return false;
        }
        if (method != null) {
            Produces produces = method.getAnnotation(Produces.class);
            return produces != null && Arrays.asList(produces.value()).contains(MediaType.TEXT_HTML);
        }
        // "/open-data" itself is a program's address as much as "/open-data/…"
        return PROGRAM_ADDRESSES.stream().noneMatch(prefix -> path.startsWith(prefix) || (path + "/").equals(prefix))
                && acceptable(request).stream().anyMatch(type -> !type.isWildcardType() && type.isCompatible(MediaType.TEXT_HTML_TYPE));
    }

    /** An Accept header that does not parse (an empty one, say) asks for no page. */
    private static List<MediaType> acceptable(ContainerRequestContext request) {
        try {
            return request.getAcceptableMediaTypes();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }
}
