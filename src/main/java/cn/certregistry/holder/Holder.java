package cn.certregistry.holder;

import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * The organisation holding certificates (获证组织), identified by its unified social credit code: what links
 * all its certificates. Its name and region as printed belong to each certificate, not to this row.
 */
@Entity
public class Holder extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "credit_code")
    public String creditCode;
    @Column(name = "credit_code_check_ok")
    public boolean creditCodeCheckOk;

    /** The organisation with this credit code, entered on first sight; two writers entering it at once meet one row. */
    public static Holder identifiedBy(CreditCode creditCode) {
        return findByCreditCode(creditCode.value()).orElseGet(() -> {
            getEntityManager().createNativeQuery("insert into holder (credit_code, credit_code_check_ok) values (:code, :ok)"
                    + " on conflict (credit_code) do nothing").setParameter("code", creditCode.value())
                    .setParameter("ok", creditCode.checkCharacterValid()).executeUpdate();
            return findByCreditCode(creditCode.value()).orElseThrow();
        });
    }

    public static Optional<Holder> findByCreditCode(String creditCode) {
        return find("creditCode", creditCode).firstResultOptional();
    }
}
