package io.greenhouse.feedscraper;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndFeed;
import org.jdom2.Document;
import org.jdom2.Element;

/**
 * The text of the title of a feed ROME has built, with what ROME loses put back from the
 * document it was built from: Atom 0.3's {@code type} (ROME keeps only Atom 1.0's).
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
        String value = feed.getTitle();
        return value == null ? null : markup(feed, title, document).text(value);
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
