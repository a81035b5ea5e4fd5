package cn.certregistry.web;

/** The language a page is shown in ({@code zh} or {@code en}), and the address of the same page in the other one. */
public record Language(String code, String switchUrl) {

    public boolean english() {
        return WebPages.ENGLISH.equals(code);
    }
}
