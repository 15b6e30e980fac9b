package io.greenhouse.feedscraper;

import com.ctc.wstx.stax.WstxInputFactory;
import java.io.Reader;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The fast path: a feed's title and entry count read in one streaming pass (StAX), for the
 * plain, well-formed feeds that are most of the web: RSS 0.91/0.92/2.0 and Atom 1.0 with a text
 * title. ROME builds the whole feed, every entry's content included, to give us the same two
 * facts; that cost most of the scraper's CPU and memory. The StAX reader is Woodstox's: the
 * JDK's cost about three times as much a feed, half of it in setting up each reader, even when
 * reset and reused.
 *
 * <p>It answers only when it is sure to agree with ROME (a differential test over the corpus
 * holds it to that) and returns null for anything else: other formats, a title with markup
 * elements or an HTML/XHTML type, a DOCTYPE, ill-formed XML, an empty title. Those go to ROME
 * and the recovery behind it, as before. No DTD is read and no entity is resolved.
 */
final class StreamingTitleReader {

    private static final String ATOM_10 = "http://www.w3.org/2005/Atom";
    /** Configured once, then only asked for readers: safe to share. */
    private static final XMLInputFactory FACTORY = newFactory();

    /**
     * What the stream gives: the title as written (before flattening), how it is marked up (RSS
     * does not say; Atom 1.0 titles read here are text), and the feed's entry count.
     */
    record Streamed(String title, TitleMarkup markup, int entries) {
    }

    private StreamingTitleReader() {
    }

    /** The title and entry count, or null when ROME should decide (or the text cannot be read). */
    static Streamed read(Reader text) {
        try {
            XMLStreamReader xml = FACTORY.createXMLStreamReader(text);
            try {
                return read(xml);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            return null;  // ill-formed, or a DOCTYPE: ROME and the recovery know better
        }
    }

    private static Streamed read(XMLStreamReader xml) throws XMLStreamException {
        if (nextStart(xml) != XMLStreamConstants.START_ELEMENT) {
            return null;
        }
        String root = xml.getLocalName();
        if (root.equals("rss") && noNamespace(xml) && isPlainRssVersion(xml.getAttributeValue(null, "version"))) {
            return rss(xml);
        }
        if (root.equals("feed") && ATOM_10.equals(xml.getNamespaceURI())) {
            return atom(xml);
        }
        return null;
    }

    /** rss/channel/title and rss/channel/item (RSS 0.91, 0.92, 2.0: no namespace). */
    private static Streamed rss(XMLStreamReader xml) throws XMLStreamException {
        String title = null;
        int items = 0;
        boolean sawChannel = false;
        for (int depth = 1; depth > 0; ) {
            int event = xml.next();
            if (event == XMLStreamConstants.DTD) {
                return null;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (event == XMLStreamConstants.START_ELEMENT) {
                boolean plain = noNamespace(xml);
                String name = xml.getLocalName();
                if (depth == 1) {
                    if (!plain || !name.equals("channel") || sawChannel) {
                        skip(xml);
                        continue;
                    }
                    sawChannel = true;
                    depth++;
                } else if (depth == 2 && plain && name.equals("title") && title == null) {
                    title = textOnly(xml);
                    if (title == null) {
                        return null;
                    }
                } else {
                    if (depth == 2 && plain && name.equals("item")) {
                        items++;
                    }
                    skip(xml);
                }
            }
        }
        return answer(title, TitleMarkup.UNSAID, items);
    }

    /** feed/title (type text) and feed/entry, Atom 1.0. */
    private static Streamed atom(XMLStreamReader xml) throws XMLStreamException {
        String title = null;
        int entries = 0;
        while (true) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT || event == XMLStreamConstants.END_DOCUMENT) {
                return answer(title, TitleMarkup.TEXT, entries);
            }
            if (event == XMLStreamConstants.DTD) {
                return null;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            boolean atom = ATOM_10.equals(xml.getNamespaceURI());
            String name = xml.getLocalName();
            if (atom && name.equals("title") && title == null) {
                String type = xml.getAttributeValue(null, "type");
                if (type != null && !type.equals("text")) {
                    return null;  // html and xhtml titles: ROME's reading of them is the reference
                }
                title = textOnly(xml);
                if (title == null) {
                    return null;
                }
            } else {
                if (atom && name.equals("entry")) {
                    entries++;
                }
                skip(xml);
            }
        }
    }

    private static Streamed answer(String title, TitleMarkup markup, int entries) {
        return title == null || title.isBlank() ? null : new Streamed(title, markup, entries);
    }

    /** The text of the element just started, up to its end; null when it holds elements. */
    private static String textOnly(XMLStreamReader xml) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text.append(xml.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    return text.toString();
                }
                case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                    // not text
                }
                default -> {
                    return null;  // an element or an entity reference inside the title
                }
            }
        }
    }

    /** Skips past the end of the element just started. */
    private static void skip(XMLStreamReader xml) throws XMLStreamException {
        for (int depth = 1; depth > 0; ) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** Moves to the root element; DTD or not-an-element there means null territory. */
    private static int nextStart(XMLStreamReader xml) throws XMLStreamException {
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT || event == XMLStreamConstants.DTD) {
                return event;
            }
        }
        return XMLStreamConstants.END_DOCUMENT;
    }

    private static boolean noNamespace(XMLStreamReader xml) {
        String uri = xml.getNamespaceURI();
        return uri == null || uri.isEmpty();
    }

    private static boolean isPlainRssVersion(String version) {
        return version != null && (version.equals("2.0") || version.equals("0.91") || version.equals("0.92"));
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setXMLResolver((publicId, systemId, base, namespace) -> {
            throw new XMLStreamException("external entities are never read");  // with DTDs off, never asked; if it were
        });
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return factory;
    }
}
