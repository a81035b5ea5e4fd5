package cn.certregistry.procurement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import cn.certregistry.common.Label;
import cn.certregistry.scheme.Scheme;

/** A copy's facts are named as differing only where the copy labels them plainly; nothing is guessed. */
class CopyFactsTest {

    private static final Scheme AFTER_SALES = new Scheme("AFTER_SALES", new Label("售后服务认证", "After-sales service"), "GB/T 27922",
            100, true, List.of(grade("THREE_STAR", "三星级", "Three-star", 80), grade("FOUR_STAR", "四星级", "Four-star", 90),
                    grade("FIVE_STAR", "五星级", "Five-star", 95)), List.of());
    private static final String HOLDER = "广州某某电器有限公司";
    private static final LocalDate EXPIRY = LocalDate.of(2028, 3, 14);

    private static Scheme.Grade grade(String code, String zh, String en, int min) {
        return new Scheme.Grade(code, new Label(zh, en), BigDecimal.valueOf(min));
    }

    private static List<String> differences(String text) {
        return CopyFacts.differences(text, AFTER_SALES, "FOUR_STAR", HOLDER, EXPIRY, 1, 2).stream()
                .map(d -> d.fact() + " " + d.onCopy() + " / " + d.inRegister()).toList();
    }

    @Test
    void labelledFactsThatDifferAreNamedWithBothValues() {
        assertEquals(List.of("GRADE 五星 / 四星级", "HOLDER_NAME 深圳另一公司 / 广州某某电器有限公司", "EXPIRY_DATE 2029-03-14 / 2028-03-14"),
                differences("证书编号：HXSC-1\n星级：五星\n持证单位：深圳另一公司 统一社会信用代码：91440300MA5XXXXX0X\n有效期至：2029年3月14日\n"));
        assertEquals(List.of("GRADE Five stars / Four-star"), differences("Certificate HXSC-1\nGrade: Five stars\n"));
    }

    @Test
    void factsThatAgreeOrAreNotStatedPlainlyAreNoDifference() {
        // the same facts, written otherwise
        assertEquals(List.of(), differences("等级：四星\n持证组织：广州某某电器有限公司\n有效期至：2028/03/14\n"));
        // unlabelled, in a history of grades, or a fact that is no grade of the scheme
        assertEquals(List.of(), differences("五星级\n广州另一公司\n2029-03-14\n原等级五星级\n等级：七星级\n"));
        // stated two ways on one page: which is the copy's is not guessed
        assertEquals(List.of(), differences("等级：五星级\n等级：三星级\n"));
        // a name cut by a line break, a name followed by a stamp's words, an English rendering of a Chinese name
        assertEquals(List.of(), differences("持证单位：广州某某电器\n有限公司\n"));
        assertEquals(List.of(), differences("持证单位：广州某某电器有限公司（盖章）\n"));
        assertEquals(List.of(), differences("Holder: Guangzhou Mou Electric Co., Ltd.\n"));
        // a date that does not read, a label without a value
        assertEquals(List.of(), differences("有效期至：2029-02-30\n等级：\n持证单位：：\n"));
    }
}
