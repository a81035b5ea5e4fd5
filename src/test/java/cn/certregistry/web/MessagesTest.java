package cn.certregistry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The build refuses an English key that has no message; this catches the other way round, a message
 * with no English, which Qute would silently show in Chinese.
 */
class MessagesTest {

    @Test
    void everyMessageHasItsEnglish() throws IOException {
        Properties english = new Properties();
        try (Reader in = new InputStreamReader(MessagesTest.class.getResourceAsStream("/messages/msg_en.properties"),
                StandardCharsets.UTF_8)) {
            english.load(in);
        }
        Set<String> messages = Arrays.stream(Messages.class.getDeclaredMethods()).map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(messages, new TreeSet<>(english.stringPropertyNames()));
    }
}
