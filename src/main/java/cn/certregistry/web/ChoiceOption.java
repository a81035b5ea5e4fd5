package cn.certregistry.web;

/** One option of a form's choice (the {@code choice} tag): its value, its label, and whether it is the one chosen. */
public record ChoiceOption(String value, String label, boolean selected) {
}
