package io.greenhouse.feedscraper;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndFeed;
import org.jdom2.Document;
import org.jdom2.Element;

/**
 * The text of the title of a feed ROME has built, with what ROME loses put back from the
 * document it was built from: Atom 0.3's {@code type} (ROME keeps only Atom 1.0's), and the text
 * of elements inside an RSS title or a non-XHTML Atom title (ROME keeps only the title's own text).
 */
final class RomeTitles {

    private RomeTitles() {
    }

    /** The title's text, before flattening; null when the feed has none. */
    static String text(SyndFeed feed, Document document) {
        SyndContent title = feed.getTitleEx();
        if (title != null && title.getValue() != null && Base64Title.isBase64Type(title.getType())) {
            String decoded = Base64Title.decode(title.getValue());
            if (decoded != null) {
                return TitleMarkup.UNSAID.text(decoded);
            }
        }
        Element withElements = rssTitleWithElements(feed, document.getRootElement());
        if (withElements != null) {
            return withElements.getValue();  // inline markup, as feedparser reads it: its text is all the text inside
        }
        withElements = atomTitleWithElements(feed, document.getRootElement());
        if (withElements != null) {
            // elements where Atom allows none, such as a text title's <em>: ROME keeps only the
            // title's own text, feedparser reads it as XHTML, whose text is all the text inside
            return markup(feed, title, document).text(withElements.getValue());
        }
        String value = feed.getTitle();
        return value == null ? null : markup(feed, title, document).text(value);
    }

    /** The title element of an Atom feed when it holds elements and is not XHTML (which may); otherwise null. */
    private static Element atomTitleWithElements(SyndFeed feed, Element root) {
        if (!feed.getFeedType().startsWith("atom_")) {
            return null;
        }
        Element title = root.getChild("title", root.getNamespace());
        if (title == null || title.getChildren().isEmpty()) {
            return null;
        }
        String type = title.getAttributeValue("type");
        return type != null && (type.trim().equalsIgnoreCase("xhtml") || type.trim().equalsIgnoreCase("application/xhtml+xml"))
                ? null : title;
    }

    /** The channel's title element of an RSS feed (any version) when it holds elements; otherwise null. */
    private static Element rssTitleWithElements(SyndFeed feed, Element root) {
        if (!feed.getFeedType().startsWith("rss_")) {
            return null;
        }
        Element channel = root.getChildren().stream()
                .filter(child -> child.getName().equals("channel")).findFirst().orElse(null);
        Element title = channel == null ? null : channel.getChild("title", channel.getNamespace());
        return title != null && !title.getChildren().isEmpty() ? title : null;
    }

    private static TitleMarkup markup(SyndFeed feed, SyndContent title, Document document) {
        return switch (feed.getFeedType()) {
            case "atom_1.0" -> TitleMarkup.ofAtom10(title == null ? null : title.getType());
            case "atom_0.3" -> TitleMarkup.ofAtom03(atom03Type(document.getRootElement()));
            default -> TitleMarkup.UNSAID;
        };
    }

    private static String atom03Type(Element feed) {
        Element title = feed.getChild("title", feed.getNamespace());
        return title == null ? null : title.getAttributeValue("type");
    }
}
