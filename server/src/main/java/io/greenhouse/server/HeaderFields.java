package io.greenhouse.server;

import java.util.Arrays;

/**
 * A request's header fields as the app will see them: each name already turned into its
 * environ key ({@code HTTP_ACCEPT}, {@code CONTENT_TYPE}), values decoded as ISO-8859-1, in
 * the order received. Repeats stay separate until the environ joins them.
 */
final class HeaderFields {

    private String[] keys = new String[16];
    private String[] values = new String[16];
    private int size;

    void add(String key, String value) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        values[size] = value;
        size++;
    }

    int size() {
        return size;
    }

    String key(int i) {
        return keys[i];
    }

    String value(int i) {
        return values[i];
    }

    /** The first value under {@code key}, or null. */
    String first(String key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }
}
