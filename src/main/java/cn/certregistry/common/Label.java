package cn.certregistry.common;

/** A name in Chinese (the register's first language) and English. */
public record Label(String zh, String en) {
}
