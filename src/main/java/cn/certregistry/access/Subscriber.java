package cn.certregistry.access;

import java.util.Optional;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A system that watches the register through webhooks: a procurement platform, a regulator's system, a mirror. */
@Entity
public class Subscriber extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String code;
    public String name;

    public static Optional<Subscriber> findByCode(String code) {
        return find("code", code).firstResultOptional();
    }
}
