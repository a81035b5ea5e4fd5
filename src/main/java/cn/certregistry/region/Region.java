package cn.certregistry.region;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A GB/T 2260 administrative division: province (level 1), city (2) or district (3). */
@Entity
public class Region extends PanacheEntityBase {

    @Id
    public String code;
    public String name;
    public int level;
    @Column(name = "parent_code")
    public String parentCode;

    /** The range of six-digit codes this division covers: itself and every division beneath it. */
    public CodeRange codeRange() {
        return switch (level) {
            case 1 -> new CodeRange(code.substring(0, 2) + "0000", code.substring(0, 2) + "9999");
            case 2 -> new CodeRange(code.substring(0, 4) + "00", code.substring(0, 4) + "99");
            default -> new CodeRange(code, code);
        };
    }

    public record CodeRange(String first, String last) {
    }
}
