package cn.certregistry.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Turns an API key into a security identity: its role, and the body or region it is bound to. */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    public static final String BODY_ATTRIBUTE = "cert-registry.body";
    public static final String REGION_ATTRIBUTE = "cert-registry.region-prefix";
    public static final String SUBSCRIBER_ATTRIBUTE = "cert-registry.subscriber";

    @Inject
    ApiKeys keys;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            ApiKeys.Principal principal = keys.authenticate(request.getToken().getToken())
                    .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked API key"));
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(principal.name()))
                    .addRole(principal.role())
                    .addCredential(request.getToken());
            if (principal.bodyCode() != null) {
                identity.addAttribute(BODY_ATTRIBUTE, principal.bodyCode());
            }
            if (principal.regionPrefix() != null) {
                identity.addAttribute(REGION_ATTRIBUTE, principal.regionPrefix());
            }
            if (principal.subscriberCode() != null) {
                identity.addAttribute(SUBSCRIBER_ATTRIBUTE, principal.subscriberCode());
            }
            return identity.build();
        });
    }
}
