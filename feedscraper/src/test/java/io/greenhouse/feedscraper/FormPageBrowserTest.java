package io.greenhouse.feedscraper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The page at GET / in a real browser: paste URLs, press the button, see titles appear in order,
 * the first while a slow feed is still held by the feed server.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FormPageBrowserTest {

    @Test
    void showsTitlesAsTheyArriveInInputOrder() throws Exception {
        Path chromium = HeadlessChromium.find();
        assumeTrue(chromium != null, "skipped: headless Chromium is not installed and could not be installed (apt-get install chromium)");
        Semaphore slowGate = new Semaphore(0);
        try (FeedServer feeds = FeedServer.start().rss("/one", "First feed", 1).heldRss("/slow", "Slow feed", slowGate);
             ScraperServer scraper = ScraperServer.start();
             HeadlessChromium browser = HeadlessChromium.start(chromium)) {
            browser.open(scraper.url() + "/");
            String urls = String.join("\\n", feeds.url("/one"), "ftp://refused.example/feed", feeds.url("/slow"));
            browser.evaluate("document.getElementById('urls').value = '" + urls + "'; "
                    + "document.getElementById('go').click(); true");

            // Shown while the slow feed is still held: the page reads the response as it streams.
            assertEquals(List.of("First feed", "(no title)"), items(browser.evaluate(untilItems(2))));
            slowGate.release();
            assertEquals(List.of("First feed", "(no title)", "Slow feed"), items(browser.evaluate(untilItems(3))));
            assertEquals("done: 3 of 3", browser.evaluate("document.getElementById('state').textContent").asText());
        } finally {
            slowGate.release(10);
        }
    }

    /** A promise that resolves with the items' titles once the list has at least {@code count}. */
    private static String untilItems(int count) {
        return "new Promise(resolve => {"
                + " const list = document.getElementById('titles');"
                + " const titles = () => Array.from(list.children).map(li => li.firstChild.textContent);"
                + " const check = () => { if (list.children.length >= " + count + " && (" + count + " < 3 || document.getElementById('state').textContent.startsWith('done'))) { observer.disconnect(); resolve(titles()); } };"
                + " const observer = new MutationObserver(check);"
                + " observer.observe(document.body, {childList: true, subtree: true, characterData: true});"
                + " check(); })";
    }

    private static List<String> items(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }
}
