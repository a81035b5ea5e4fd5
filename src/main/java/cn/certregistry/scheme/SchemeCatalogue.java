package cn.certregistry.scheme;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import cn.certregistry.common.Label;

/** The scheme catalogue, read once from the database: it changes only by migration. */
@ApplicationScoped
public class SchemeCatalogue {

    @Inject
    EntityManager entityManager;

    private volatile Map<String, Scheme> schemes;

    public List<Scheme> all() {
        return List.copyOf(loaded().values());
    }

    public Optional<Scheme> find(String code) {
        return Optional.ofNullable(loaded().get(code));
    }

    private Map<String, Scheme> loaded() {
        Map<String, Scheme> current = schemes;
        if (current == null) {
            current = load();
            schemes = current;
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Scheme> load() {
        Map<String, List<Scheme.Grade>> grades = byScheme("select scheme_code, code, name_zh, name_en, min_score"
                + " from scheme_grade order by scheme_code, min_score",
                row -> new Scheme.Grade((String) row[1], new Label((String) row[2], (String) row[3]), (BigDecimal) row[4]));
        Map<String, List<Scheme.SubScore>> subScores = byScheme("select scheme_code, code, name_zh, name_en, max_score"
                + " from scheme_sub_score order by scheme_code, position",
                row -> new Scheme.SubScore((String) row[1], new Label((String) row[2], (String) row[3]), (BigDecimal) row[4]));
        Map<String, Scheme> result = new LinkedHashMap<>();
        for (Object[] row : (List<Object[]>) entityManager.createNativeQuery(
                "select code, name_zh, name_en, standards, threshold_scale, sub_scores_sum_to_total from scheme order by code")
                .getResultList()) {
            String code = (String) row[0];
            result.put(code, new Scheme(code, new Label((String) row[1], (String) row[2]), (String) row[3],
                    ((Number) row[4]).intValue(), (Boolean) row[5],
                    grades.getOrDefault(code, List.of()), subScores.getOrDefault(code, List.of())));
        }
        return result;
    }

    /** The rows of a query whose first column is a scheme's code, each made into a {@code T}, by scheme, in their order. */
    @SuppressWarnings("unchecked")
    private <T> Map<String, List<T>> byScheme(String sql, Function<Object[], T> item) {
        Map<String, List<T>> byScheme = new LinkedHashMap<>();
        for (Object[] row : (List<Object[]>) entityManager.createNativeQuery(sql).getResultList()) {
            byScheme.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add(item.apply(row));
        }
        return byScheme;
    }
}
