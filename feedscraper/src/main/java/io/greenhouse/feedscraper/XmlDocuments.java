package io.greenhouse.feedscraper;

import java.io.IOException;
import java.io.Reader;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.input.SAXBuilder;
import org.jdom2.input.sax.XMLReaders;

/**
 * Parses XML text into JDOM documents for ROME, with parsers that refuse any DOCTYPE (so no
 * external entities, DTD fetches or entity expansion) and are reused: creating a SAX parser
 * costs several times more than parsing a typical feed with it. A builder serves one parse at a
 * time, so idle ones wait in a queue rather than in thread-locals, which virtual threads
 * would never share.
 */
final class XmlDocuments {

    private static final ConcurrentLinkedQueue<SAXBuilder> IDLE = new ConcurrentLinkedQueue<>();

    private XmlDocuments() {
    }

    /** The document, or null when the text is not well-formed XML, declares a DOCTYPE or cannot be read. */
    static Document parse(Reader text) {
        SAXBuilder builder = IDLE.poll();
        if (builder == null) {
            builder = newBuilder();
        }
        try {
            return builder.build(text);
        } catch (JDOMException | IOException | RuntimeException e) {
            return null;
        } finally {
            IDLE.offer(builder);
        }
    }

    private static SAXBuilder newBuilder() {
        SAXBuilder builder = new SAXBuilder(XMLReaders.NONVALIDATING);
        builder.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        builder.setFeature("http://xml.org/sax/features/external-general-entities", false);
        builder.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        builder.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        builder.setExpandEntities(false);
        builder.setReuseParser(true);
        return builder;
    }
}
