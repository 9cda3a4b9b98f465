package dev.course.lessons;

import java.util.regex.Pattern;

/**
 * How a lesson writes a figure: {@code ![alt text](path "caption")}. The one pattern the validator
 * (figures must exist) and the notebook exporter (figures become attachments) read figures with; the
 * page renders them with Flexmark. The alt text may hold brackets of its own, as in
 * {@code ![The pair "[CLS] query [SEP] passage"](figures/x.svg)}.
 */
final class MarkdownImages {

    /** Groups: {@code alt}, {@code src}, and {@code title} (the caption with its quotes and the space before, or null). */
    static final Pattern IMAGE = Pattern.compile(
            "!\\[(?<alt>(?:[^\\[\\]]|\\[[^\\]]*])*)]\\((?<src>[^)\\s]+)(?<title>\\s+\"[^\"]*\")?\\)");

    private MarkdownImages() {
    }

    /** Whether a figure's path points outside the lesson's folder (a URL, a site path or inline data). */
    static boolean isExternal(String src) {
        return src.contains("://") || src.startsWith("/") || src.startsWith("data:");
    }
}
