package io.greenhouse.feedscraper;

/**
 * What we take from a feed document.
 *
 * @param title the feed-level title, flattened to one line; "" when it has none
 * @param entries how many items or entries it has
 */
record ParsedFeed(String title, int entries) {
}
