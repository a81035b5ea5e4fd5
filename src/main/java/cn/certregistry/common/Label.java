package cn.certregistry.common;

/** A name in Chinese (the register's first language) and English. */
public record Label(String zh, String en) {

    /** The label in a language: "en" gives English, anything else Chinese. */
    public String get(String language) {
        return "en".equals(language) ? en : zh;
    }
}
