package io.greenhouse.server;

import io.greenhouse.spi.App;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;

/**
 * Finds the App a launcher names: {@code pkg.Class} (a public constructor taking the settings
 * map, else a public no-arg one) or {@code pkg.Class::member} (a static field, or a static
 * no-arg method, holding or returning an App).
 */
final class AppLoader {

    private final ClassLoader loader;

    AppLoader(ClassLoader loader) {
        this.loader = loader;
    }

    /** @throws IllegalArgumentException with a one-line reason when the App cannot be had */
    App load(String spec, Map<String, String> settings) {
        int sep = spec.indexOf("::");
        String className = sep < 0 ? spec : spec.substring(0, sep);
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new NotOnClasspath("cannot load app class " + className + ": not on the classpath");
        } catch (ExceptionInInitializerError e) {
            throw new FailedToStart(spec, "its static initializer threw " + e.getCause(), e.getCause());
        } catch (LinkageError e) {
            // a class it needs is missing (NoClassDefFoundError), or it was compiled for a newer Java
            throw new IllegalArgumentException("cannot load app class " + className + ": " + e);
        }
        try {
            return sep < 0 ? construct(type, settings) : member(type, spec.substring(sep + 2));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            // a settings error reads as itself; anything else says what it was
            String why = cause instanceof IllegalArgumentException && cause.getMessage() != null ? cause.getMessage() : cause.toString();
            throw new FailedToStart(spec, why, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot create app " + spec + ": " + (e.getMessage() != null ? e.getMessage() : e));
        }
    }

    private static App construct(Class<?> type, Map<String, String> settings) throws ReflectiveOperationException {
        if (!App.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(type.getName() + " does not implement " + App.class.getName());
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException(type.getName() + " is abstract: name a concrete App class");
        }
        try {
            Constructor<?> withSettings = type.getConstructor(Map.class);
            return (App) withSettings.newInstance(settings);
        } catch (NoSuchMethodException e) {
            try {
                return (App) type.getConstructor().newInstance();
            } catch (NoSuchMethodException none) {
                throw new IllegalArgumentException(type.getName() + " has no public constructor taking no arguments or a Map of settings");
            }
        }
    }

    private static App member(Class<?> type, String name) throws ReflectiveOperationException {
        Object value;
        try {
            Field field = type.getField(name);
            requireStatic(field.getModifiers(), type, name);
            value = field.get(null);
        } catch (NoSuchFieldException e) {
            Method method;
            try {
                method = type.getMethod(name);
            } catch (NoSuchMethodException none) {
                throw new IllegalArgumentException(type.getName() + " has no public static field or no-arg method " + name);
            }
            requireStatic(method.getModifiers(), type, name);
            value = method.invoke(null);
        }
        if (!(value instanceof App app)) {
            throw new IllegalArgumentException(type.getName() + "::" + name + " is not an App");
        }
        return app;
    }

    private static void requireStatic(int modifiers, Class<?> type, String name) {
        if (!Modifier.isStatic(modifiers)) {
            throw new IllegalArgumentException(type.getName() + "::" + name + " is not static");
        }
    }

    /** The app's constructor or factory threw: {@link #why()} is its message, or what it threw. */
    static final class FailedToStart extends IllegalArgumentException {
        private final String spec;
        private final String why;

        FailedToStart(String spec, String why, Throwable cause) {
            super("app " + spec + " failed to start: " + why, cause);
            this.spec = spec;
            this.why = why;
        }

        String why() {
            return why;
        }

        /** The same failure, saying where the values it names came from before why. */
        FailedToStart from(String origin) {
            return new FailedToStart(spec, origin + ": " + why, getCause());
        }
    }

    /** The app's class is not there to load. */
    static final class NotOnClasspath extends IllegalArgumentException {
        NotOnClasspath(String message) {
            super(message);
        }
    }
}
