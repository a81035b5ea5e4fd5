package cn.certregistry.scheme;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cn.certregistry.common.Label;

/**
 * A certification scheme as the catalogue defines it. Scores are stored with their own scale (100 or
 * 1000 points): thresholds, given on the scheme's threshold scale, apply proportionally.
 * Free of framework types so that the rules can be checked and tested on their own.
 */
public record Scheme(String code, Label name, String standards, int thresholdScale, boolean subScoresSumToTotal,
        List<Grade> grades, List<SubScore> subScores) {

    public static final List<Integer> SCORE_SCALES = List.of(100, 1000);

    /** Grades lowest first. */
    public Scheme {
        grades = grades.stream().sorted((a, b) -> a.minScore().compareTo(b.minScore())).toList();
        subScores = List.copyOf(subScores);
    }

    public record Grade(String code, Label name, BigDecimal minScore) {
    }

    public record SubScore(String code, Label name, BigDecimal maxScore) {
    }

    public Optional<Grade> grade(String gradeCode) {
        return grades.stream().filter(g -> g.code().equals(gradeCode)).findFirst();
    }

    /** The grade a score earns, or empty when it is below the lowest grade (not certifiable). */
    public Optional<Grade> gradeEarnedBy(BigDecimal score, int scale) {
        BigDecimal normalised = toThresholdScale(score, scale);
        Grade earned = null;
        for (Grade grade : grades) {
            if (normalised.compareTo(grade.minScore()) >= 0) {
                earned = grade;
            }
        }
        return Optional.ofNullable(earned);
    }

    /**
     * The reasons, if any, why a certificate of this scheme may not carry this grade, score and
     * sub-scores. An empty list means the combination is consistent.
     */
    public List<String> inconsistencies(String gradeCode, BigDecimal score, int scale, Map<String, BigDecimal> subScoreValues) {
        java.util.ArrayList<String> problems = new java.util.ArrayList<>();
        if (!SCORE_SCALES.contains(scale)) {
            problems.add("The score scale must be 100 or 1000 points, not " + scale + ".");
            return problems;
        }
        if (score.signum() < 0 || score.compareTo(BigDecimal.valueOf(scale)) > 0) {
            problems.add("The score " + score.toPlainString() + " lies outside 0–" + scale + ".");
            return problems;
        }
        Optional<Grade> claimed = grade(gradeCode);
        if (claimed.isEmpty()) {
            problems.add("The scheme " + code + " has no grade " + gradeCode + ".");
        } else {
            Optional<Grade> earned = gradeEarnedBy(score, scale);
            if (earned.isEmpty()) {
                problems.add("A score of " + score.toPlainString() + "/" + scale + " is below the lowest grade of "
                        + code + " and is not certifiable.");
            } else if (!earned.get().code().equals(gradeCode)) {
                problems.add("A score of " + score.toPlainString() + "/" + scale + " earns " + earned.get().name().zh()
                        + " (" + earned.get().code() + "), not " + claimed.get().name().zh() + " (" + gradeCode + ").");
            }
        }
        if (subScoreValues != null && !subScoreValues.isEmpty()) {
            BigDecimal sum = BigDecimal.ZERO;
            for (Map.Entry<String, BigDecimal> entry : subScoreValues.entrySet()) {
                Optional<SubScore> definition = subScores.stream().filter(s -> s.code().equals(entry.getKey())).findFirst();
                if (definition.isEmpty()) {
                    problems.add("The scheme " + code + " has no sub-score " + entry.getKey() + ".");
                    continue;
                }
                BigDecimal max = fromThresholdScale(definition.get().maxScore(), scale);
                if (entry.getValue().signum() < 0 || entry.getValue().compareTo(max) > 0) {
                    problems.add("The sub-score " + entry.getKey() + " must lie within 0–" + max.toPlainString() + ".");
                }
                sum = sum.add(entry.getValue());
            }
            if (subScoresSumToTotal) {
                if (subScoreValues.size() != subScores.size()) {
                    problems.add("Give all of " + subScores.stream().map(SubScore::code).toList() + " or none.");
                } else if (sum.compareTo(score) != 0) {
                    problems.add("The sub-scores add up to " + sum.toPlainString() + ", not to the total " + score.toPlainString() + ".");
                }
            }
        }
        return problems;
    }

    private BigDecimal toThresholdScale(BigDecimal score, int scale) {
        return score.multiply(BigDecimal.valueOf(thresholdScale)).divide(BigDecimal.valueOf(scale), 4, RoundingMode.HALF_EVEN);
    }

    private BigDecimal fromThresholdScale(BigDecimal value, int scale) {
        return value.multiply(BigDecimal.valueOf(scale)).divide(BigDecimal.valueOf(thresholdScale), 2, RoundingMode.HALF_EVEN);
    }
}
