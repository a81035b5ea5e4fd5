package cn.certregistry.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;

/** The web pages' words, from message bundles (web/messages_zh.properties, web/messages_en.properties). */
@ApplicationScoped
public class Texts {

    public static final String CHINESE = "zh";
    public static final String ENGLISH = "en";

    private final Map<String, Map<String, String>> bundles = new HashMap<>();

    public Texts() {
        for (String language : new String[] {CHINESE, ENGLISH}) {
            Properties properties = new Properties();
            try (InputStream in = Texts.class.getResourceAsStream("/web/messages_" + language + ".properties")) {
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> bundle = new HashMap<>();
            properties.forEach((key, value) -> bundle.put((String) key, (String) value));
            bundles.put(language, Map.copyOf(bundle));
        }
        if (!bundles.get(CHINESE).keySet().equals(bundles.get(ENGLISH).keySet())) {
            throw new IllegalStateException("The Chinese and English message bundles have different keys");
        }
    }

    /** The bundle of a language ("en" gives English, anything else Chinese). */
    public Map<String, String> of(String language) {
        return bundles.get(ENGLISH.equals(language) ? ENGLISH : CHINESE);
    }

    public String format(String language, String key, Object... arguments) {
        return new MessageFormat(of(language).get(key), ENGLISH.equals(language) ? Locale.ENGLISH : Locale.CHINA).format(arguments);
    }
}
