package io.greenhouse.feedscraper;

import java.nio.charset.StandardCharsets;

/** One line per URL: its title, or nothing when it failed, so line N belongs to URL N. */
final class TextFormat implements ResultFormat {

    private static final byte[] NOTHING = new byte[0];

    @Override
    public String contentType() {
        return "text/plain; charset=utf-8";
    }

    @Override
    public byte[] element(FeedResult result, int index, int count) {
        return (result.title() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] end(int count) {
        return NOTHING;
    }
}
