package cn.certregistry.log;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import cn.certregistry.common.RegistryConfig;
import cn.certregistry.signing.SigningKeys;

/** The register's note signers, one for each kind of note, all under its public address. */
@ApplicationScoped
public class NoteSigners {

    @Inject
    RegistryConfig config;
    @Inject
    SigningKeys keys;

    /** The signer of {@code kind}'s notes ({@code log}, {@code status}, {@code exports}, {@code open-data}). */
    public NoteSigner of(String kind) {
        return new NoteSigner(SignedNote.keyName(config.publicBaseUrl(), kind), keys);
    }
}
