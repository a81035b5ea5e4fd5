-- E-certificates (GET /certificates/{number}.pdf): each signed PDF is made once for each version of what it prints
-- (ecertificate/ECertificateFacts, the layout and the key that signs it: `version` is their digest) and kept here, so
-- that any server answers with the same file and none makes it again. A server that dies while making one leaves
-- nothing behind, and the next request makes it; two servers making the same version at once both offer theirs, and
-- the first one stored is the one every server serves. A newer version of a certificate replaces the older ones.
create table e_certificate (
    number     text        not null,
    version    text        not null,
    made_at    timestamptz not null,
    signer_kid text        not null,
    pdf        bytea       not null,
    primary key (number, version)
);
