package cn.certregistry.common;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A score or sub-score: at most five digits before the point and two after it, as the register stores
 * them. Checked before any arithmetic, since {@code 1e999999999} is a valid JSON number whose expansion
 * exhausts memory, and {@code 1e-20000000} costs seconds of division.
 */
@Documented
@Constraint(validatedBy = Points.Check.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface Points {

    String message() default "must be a number of points below 100000 with at most two decimals";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<Points, BigDecimal> {
        @Override
        public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            BigDecimal points = value.stripTrailingZeros();
            // in long: for 1E+2147483647 the int difference overflows to a negative number and would pass
            return points.scale() <= 2 && (long) points.precision() - points.scale() <= 5;
        }
    }

    /** Valid points as the register stores them. */
    final class Stored {
        private Stored() {
        }

        /** With two decimals; null stays null. */
        public static BigDecimal of(BigDecimal valid) {
            return valid == null ? null : valid.stripTrailingZeros().setScale(2);
        }
    }
}
