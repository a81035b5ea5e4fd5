package cn.certregistry.access;

import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A regional market regulator (市场监管局), reading within a GB/T 2260 code prefix. */
@Entity
public class Regulator extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String code;
    public String name;
    @Column(name = "region_prefix")
    public String regionPrefix;

    public static Optional<Regulator> findByCode(String code) {
        return find("code", code).firstResultOptional();
    }
}
