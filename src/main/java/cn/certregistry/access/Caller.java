package cn.certregistry.access;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.quarkus.security.identity.SecurityIdentity;

/** Who is calling, as far as the register's rules care. */
@RequestScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    public String name() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    /** The certification body the caller acts for, when the caller is one. */
    public Optional<String> body() {
        return Optional.ofNullable(identity.getAttribute(ApiKeyIdentityProvider.BODY_ATTRIBUTE));
    }

    /** The region code prefix a regulator reads within. */
    public Optional<String> regionPrefix() {
        return Optional.ofNullable(identity.getAttribute(ApiKeyIdentityProvider.REGION_ATTRIBUTE));
    }

    /** The subscriber the caller acts for, when the caller is one. */
    public Optional<String> subscriber() {
        return Optional.ofNullable(identity.getAttribute(ApiKeyIdentityProvider.SUBSCRIBER_ATTRIBUTE));
    }

    /** Whether the caller oversees a certificate: its own body, a regulator of its site's region, or an administrator. */
    public boolean oversees(String bodyCode, String siteRegionCode) {
        return isAdmin() || body().filter(bodyCode::equals).isPresent()
                || regionPrefix().filter(siteRegionCode::startsWith).isPresent();
    }

    public boolean isAdmin() {
        return identity.hasRole(Roles.ADMIN);
    }

    public boolean isAnonymous() {
        return identity.isAnonymous();
    }
}
