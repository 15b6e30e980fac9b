/**
 * The Greenhouse HTTP/1.1 server: a virtual thread per connection, the App runs on it.
 */
package io.greenhouse.server;
