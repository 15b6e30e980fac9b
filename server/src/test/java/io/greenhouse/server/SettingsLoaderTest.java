package io.greenhouse.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An app's settings error is told where the values it names came from. */
class SettingsLoaderTest {

    @Test
    void aSettingNamedInAnAppsErrorIsTracedToItsFileAndLine(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("greenhouse.properties");
        Files.writeString(config, "# app\nshop.max-items = lots\nshop.max-items-per-cart = 3\n");
        SettingsLoader loader = new SettingsLoader().file(config);

        assertEquals("config file " + config + " line 2", loader.originOfSettingsIn("setting shop.max-items = 'lots' is not a number"));
        assertEquals("config file " + config + " line 3", loader.originOfSettingsIn("shop.max-items-per-cart: too many"));
    }

    @Test
    void onlyWholeNamesCount() throws Exception {
        SettingsLoader loader = new SettingsLoader().environment(Map.of("GREENHOUSE_SHOP_MAX_ITEMS", "9"));

        assertEquals("environment variable GREENHOUSE_SHOP_MAX_ITEMS", loader.originOfSettingsIn("shop.max-items is too high"));
        assertNull(loader.originOfSettingsIn("shop.max-items-per-cart is too high"));
        assertNull(loader.originOfSettingsIn("myshop.max-items is too high"));
        assertNull(loader.originOfSettingsIn("no setting named at all"));
    }

    @Test
    void aRuleBetweenSettingsTracesEachOfThem(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("greenhouse.properties");
        Files.writeString(config, "shop.min = 5\n");
        SettingsLoader loader = new SettingsLoader().file(config).environment(Map.of("GREENHOUSE_SHOP_MAX", "2"));

        assertEquals("shop.max from environment variable GREENHOUSE_SHOP_MAX, shop.min from config file " + config + " line 1",
                loader.originOfSettingsIn("shop.min must not exceed shop.max"));
    }

    @Test
    void aValueTypedOnTheCommandLineNeedsNoOrigin(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("greenhouse.properties");
        Files.writeString(config, "shop.max-items = lots\n");
        SettingsLoader loader = new SettingsLoader().file(config).override("shop.max-items", "more");

        assertNull(loader.originOfSettingsIn("setting shop.max-items = 'more' is not a number"));
    }
}
