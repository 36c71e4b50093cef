package dev.agentbuilder.chat.knowledge.internal;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * The text a person reads on an HTML page: the title, then the body's text with its blocks on lines of their own
 * (headings and paragraphs apart by a blank line, list items and table rows on a line each), without scripts, styles
 * or navigation. jsoup parses the page as a browser would, so broken markup is read the same way. Stateless.
 */
final class HtmlText {

    // Navigation and footers are the site's, the same on every page: they would only match questions about the site.
    private static final String UNSEEN = "script, style, noscript, template, svg, canvas, iframe, nav, footer, head";
    private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
            "blockquote", "table", "ul", "ol", "dl", "section", "article", "header", "footer", "main", "aside",
            "details", "summary", "figure", "form", "fieldset", "hr");
    private static final Set<String> LINES = Set.of("div", "li", "tr", "dt", "dd", "caption", "figcaption", "br",
            "address", "legend", "option");
    private static final Set<String> CELLS = Set.of("td", "th");
    /** Marks a paragraph's end until {@link #tidy}; Unicode's paragraph separator, which pages do not use. */
    private static final char PARAGRAPH = '\u2029';

    private HtmlText() {
    }

    static String of(String html) {
        Document page = Jsoup.parse(html);
        String title = page.title().strip();
        page.select(UNSEEN).remove();
        StringBuilder out = new StringBuilder(html.length() / 2);
        if (!title.isEmpty()) {
            out.append(title).append("\n\n");
        }
        page.body().traverse(new Blocks(out));
        return tidy(out);
    }

    /** Appends text nodes, and the breaks that blocks make around them. */
    private static final class Blocks implements NodeVisitor {
        // Confined to the one traversal that made it.
        private final StringBuilder out;

        Blocks(StringBuilder out) {
            this.out = out;
        }

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode text) {
                Element parent = text.parentElement();
                boolean pre = parent != null && parent.closest("pre") != null;
                out.append(pre ? text.getWholeText() : collapse(text.getWholeText()));
            } else if (node instanceof Element element) {
                String tag = element.normalName();
                if (PARAGRAPHS.contains(tag)) {
                    out.append(PARAGRAPH);
                } else if (LINES.contains(tag)) {
                    out.append('\n');
                } else if (CELLS.contains(tag) && element.elementSiblingIndex() > 0) {
                    out.append(" | ");
                }
                if (tag.equals("li")) {
                    out.append("- ");
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element element) {
                String tag = element.normalName();
                if (PARAGRAPHS.contains(tag)) {
                    out.append(PARAGRAPH);
                } else if (LINES.contains(tag)) {
                    out.append('\n');
                }
            }
        }

        private static String collapse(String text) {
            return text.replaceAll("\\s+", " ");
        }
    }

    /**
     * Lines stripped, one line break where blocks broke lines however many, and a blank line where a paragraph ended,
     * none at the start or the end.
     */
    private static String tidy(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        int pending = 0; // 0: nothing, 1: a line break, 2: a paragraph break
        for (String line : text.toString().split("(?=[\n\u2029])|(?<=[\n\u2029])")) {
            if (line.equals("\n")) {
                pending = Math.max(pending, 1);
            } else if (line.equals(String.valueOf(PARAGRAPH))) {
                pending = 2;
            } else if (!line.isBlank()) {
                if (out.length() > 0) {
                    out.append(pending == 2 ? "\n\n" : pending == 1 ? "\n" : "");
                }
                out.append(out.length() == 0 || pending > 0 ? line.strip() : line.stripTrailing());
                pending = 0;
            }
        }
        return out.toString();
    }
}
