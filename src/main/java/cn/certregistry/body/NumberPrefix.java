package cn.certregistry.body;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A start of certificate numbers that belongs to one body: only it issues numbers that begin so. */
@Entity
@Table(name = "body_number_prefix")
public class NumberPrefix extends PanacheEntityBase {

    @Id
    public String prefix;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "body_id")
    public CertificationBody body;
    @Column(name = "registered_at")
    public OffsetDateTime registeredAt;

    /** Enters a prefix for a body, as given: checking it against the others' is the caller's. */
    public static void register(CertificationBody body, String prefix) {
        NumberPrefix registered = new NumberPrefix();
        registered.prefix = prefix;
        registered.body = body;
        registered.registeredAt = OffsetDateTime.now();
        registered.persist();
    }

    public static List<String> ofBody(CertificationBody body) {
        return find("body", io.quarkus.panache.common.Sort.by("prefix"), body).<NumberPrefix>list().stream()
                .map(p -> p.prefix).toList();
    }

    /** The prefixes of any body that start with {@code prefix} or that it starts with. */
    public static List<NumberPrefix> overlapping(String prefix) {
        return list("?1 like concat(prefix, '%') or prefix like concat(?1, '%')", prefix);
    }
}
