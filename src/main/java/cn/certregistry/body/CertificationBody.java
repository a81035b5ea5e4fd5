package cn.certregistry.body;

import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A certification body (认证机构) approved by CNCA. */
@Entity
@Table(name = "certification_body")
public class CertificationBody extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String code;
    public String name;
    @Column(name = "approval_number")
    public String approvalNumber;
    public String website;

    public static Optional<CertificationBody> findByCode(String code) {
        return find("code", code).firstResultOptional();
    }
}
