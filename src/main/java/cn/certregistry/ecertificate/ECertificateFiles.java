package cn.certregistry.ecertificate;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import cn.certregistry.common.ReadReplica;

/** The e-certificate files made so far ({@code e_certificate}, V33): read from the replica, stored on the primary. */
@ApplicationScoped
public class ECertificateFiles {

    /** A file as stored: the version it was made for, when, and its bytes. */
    public record Stored(String version, OffsetDateTime madeAt, byte[] pdf) {
    }

    @Inject
    ReadReplica replica;
    @Inject
    Session session;

    public Optional<Stored> find(String number, String version) {
        return replica.inSession(readOnly -> readOnly.doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select made_at, pdf from e_certificate where number = ? and version = ?")) {
                return read(select, number, version);
            }
        }));
    }

    /**
     * Keeps {@code made} unless another server stored the same version first, and drops the certificate's older
     * versions; returns the file every server will serve for the version.
     */
    @Transactional
    public Stored store(String number, Stored made, String signerKid) {
        return session.doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into e_certificate (number, version, made_at,"
                    + " signer_kid, pdf) values (?, ?, ?, ?, ?) on conflict (number, version) do nothing")) {
                insert.setString(1, number);
                insert.setString(2, made.version());
                insert.setObject(3, made.madeAt());
                insert.setString(4, signerKid);
                insert.setBytes(5, made.pdf());
                insert.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from e_certificate where number = ? and version <> ? and made_at < ?")) {
                delete.setString(1, number);
                delete.setString(2, made.version());
                delete.setObject(3, made.madeAt());
                delete.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "select made_at, pdf from e_certificate where number = ? and version = ?")) {
                return read(select, number, made.version()).orElseThrow();
            }
        });
    }

    private static Optional<Stored> read(PreparedStatement select, String number, String version) throws SQLException {
        select.setString(1, number);
        select.setString(2, version);
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? Optional.of(new Stored(version, row.getObject(1, OffsetDateTime.class), row.getBytes(2)))
                    : Optional.empty();
        }
    }
}
