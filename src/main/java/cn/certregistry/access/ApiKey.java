package cn.certregistry.access;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import cn.certregistry.body.CertificationBody;

/** A credential. Only the SHA-256 hash of its secret is stored. */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String role;
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "body_id")
    public CertificationBody body;
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "regulator_id")
    public Regulator regulator;
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "subscriber_id")
    public Subscriber subscriber;
    public String label;
    @Column(name = "secret_hash")
    public byte[] secretHash;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "last_used_at")
    public OffsetDateTime lastUsedAt;
    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;
}
