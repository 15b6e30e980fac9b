package io.greenhouse.spi;

/**
 * One response header field, as given to {@link StartResponse}.
 *
 * @param name the field name, such as {@code "Content-Type"}
 * @param value the field value; ISO-8859-1, no CR or LF
 */
public record Header(String name, String value) {
}
