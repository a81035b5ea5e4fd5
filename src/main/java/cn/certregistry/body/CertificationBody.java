package cn.certregistry.body;

import java.util.Optional;
import java.util.regex.Pattern;

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
    /** The directory's: where the body is registered and how to reach it. */
    public String address;
    @Column(name = "region_code")
    public String regionCode;
    public String phone;

    /**
     * What a body's code is made of, as typed (it is stored in upper case); anything else (a NUL byte, which
     * PostgreSQL refuses in text) names no body.
     */
    public static final String CODE_FORM = "^[A-Za-z0-9-]{2,20}$";
    private static final Pattern CODE = Pattern.compile(CODE_FORM);

    public static boolean isCode(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    public static Optional<CertificationBody> findByCode(String code) {
        return isCode(code) ? find("code", code).firstResultOptional() : Optional.empty();
    }
}
