package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.greenhouse.spi.App;
import io.greenhouse.spi.StartResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What bin/serve says when the App it is given cannot be had: the real reason, in one line. */
class AppLoaderTest {

    public static class Fine implements App {
        @Override
        public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) {
            startResponse.call("200 OK", List.of());
            return List.of();
        }
    }

    public abstract static class Abstract implements App {
    }

    public static class StaticInitializerThrows extends Fine {
        static final int PORT = Integer.parseInt("nope");
    }

    private static String refusal(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> load(spec)).getMessage();
    }

    private static App load(String spec) {
        return new AppLoader(AppLoaderTest.class.getClassLoader()).load(spec, Map.of());
    }

    @Test
    void loadsAConcreteApp() {
        assertInstanceOf(Fine.class, load(Fine.class.getName()));
    }

    @Test
    void aClassThatIsNotThereIsNotOnTheClasspath() {
        assertEquals("cannot load app class demo.Missing: not on the classpath", refusal("demo.Missing"));
    }

    @Test
    void aStaticInitializerThatThrowsIsReportedAsItselfNotAsAMissingClass() {
        assertEquals("app " + StaticInitializerThrows.class.getName() + " failed to start: its static initializer threw "
                + "java.lang.NumberFormatException: For input string: \"nope\"", refusal(StaticInitializerThrows.class.getName()));
    }

    @Test
    void anAbstractClassIsNamedAsSuch() {
        assertEquals(Abstract.class.getName() + " is abstract: name a concrete App class", refusal(Abstract.class.getName()));
    }
}
