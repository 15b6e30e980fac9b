package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** A redirect's Location is resolved as RFC 3986 §5.2 says, checked against its §5.4 examples. */
class ReferenceResolutionTest {

    private static final URI BASE = URI.create("http://a/b/c/d;p?q");

    private static void assertResolves(String reference, String target) {
        assertEquals(target, ReferenceResolution.resolve(BASE, reference), reference);
    }

    @Test
    void resolvesTheNormalExamples() {  // §5.4.1
        assertResolves("g:h", "g:h");
        assertResolves("g", "http://a/b/c/g");
        assertResolves("./g", "http://a/b/c/g");
        assertResolves("g/", "http://a/b/c/g/");
        assertResolves("/g", "http://a/g");
        assertResolves("//g", "http://g");
        assertResolves("?y", "http://a/b/c/d;p?y");
        assertResolves("g?y", "http://a/b/c/g?y");
        assertResolves("#s", "http://a/b/c/d;p?q#s");
        assertResolves("g#s", "http://a/b/c/g#s");
        assertResolves("g?y#s", "http://a/b/c/g?y#s");
        assertResolves(";x", "http://a/b/c/;x");
        assertResolves("g;x", "http://a/b/c/g;x");
        assertResolves("g;x?y#s", "http://a/b/c/g;x?y#s");
        assertResolves("", "http://a/b/c/d;p?q");
        assertResolves(".", "http://a/b/c/");
        assertResolves("./", "http://a/b/c/");
        assertResolves("..", "http://a/b/");
        assertResolves("../", "http://a/b/");
        assertResolves("../g", "http://a/b/g");
        assertResolves("../..", "http://a/");
        assertResolves("../../", "http://a/");
        assertResolves("../../g", "http://a/g");
    }

    @Test
    void resolvesTheAbnormalExamples() {  // §5.4.2
        assertResolves("../../../g", "http://a/g");
        assertResolves("../../../../g", "http://a/g");
        assertResolves("/./g", "http://a/g");
        assertResolves("/../g", "http://a/g");
        assertResolves("g.", "http://a/b/c/g.");
        assertResolves(".g", "http://a/b/c/.g");
        assertResolves("g..", "http://a/b/c/g..");
        assertResolves("..g", "http://a/b/c/..g");
        assertResolves("./../g", "http://a/b/g");
        assertResolves("./g/.", "http://a/b/c/g/");
        assertResolves("g/./h", "http://a/b/c/g/h");
        assertResolves("g/../h", "http://a/b/c/h");
        assertResolves("g;x=1/./y", "http://a/b/c/g;x=1/y");
        assertResolves("g;x=1/../y", "http://a/b/c/y");
        assertResolves("g?y/./x", "http://a/b/c/g?y/./x");
        assertResolves("g?y/../x", "http://a/b/c/g?y/../x");
        assertResolves("g#s/./x", "http://a/b/c/g#s/./x");
        assertResolves("g#s/../x", "http://a/b/c/g#s/../x");
        assertResolves("http:g", "http:g");  // the strict parser's answer
    }

    @Test
    void removesDotSegmentsFromAnAbsoluteReferenceToo() {
        assertResolves("http://h/x/../ok", "http://h/ok");
        assertResolves("//h/./x/../../ok", "http://h/ok");
    }
}
