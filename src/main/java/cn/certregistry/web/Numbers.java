package cn.certregistry.web;

import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** Counts as the pages write them in both languages: with a comma between thousands ({@code {total.grouped}}: 12,345). */
@TemplateExtension
final class Numbers {

    private Numbers() {
    }

    static String grouped(long number) {
        return String.format(Locale.ROOT, "%,d", number);
    }

    static String grouped(int number) {
        return grouped((long) number);
    }
}
