package cn.certregistry.holder;

import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** The organisation holding certificates (获证组织), identified by its unified social credit code. */
@Entity
public class Holder extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    @Column(name = "credit_code")
    public String creditCode;
    @Column(name = "credit_code_check_ok")
    public boolean creditCodeCheckOk;
    @Column(name = "region_code")
    public String regionCode;

    public static Optional<Holder> findByCreditCode(String creditCode) {
        return find("creditCode", creditCode).firstResultOptional();
    }
}
