package dev.pullback.testing;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A minimal ExtensionContext (display name and one store) for testing extensions directly. */
final class FakeContext {
    private FakeContext() {}

    static ExtensionContext create(String name) {
        Map<Object, Object> map = new HashMap<>();
        ExtensionContext.Store store = (ExtensionContext.Store) Proxy.newProxyInstance(
                FakeContext.class.getClassLoader(), new Class<?>[] {ExtensionContext.Store.class},
                (p, m, a) -> switch (m.getName()) {
                    case "put" -> map.put(a[0], a[1]);
                    case "get" -> a.length == 2 ? ((Class<?>) a[1]).cast(map.get(a[0])) : map.get(a[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (ExtensionContext) Proxy.newProxyInstance(FakeContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (p, m, a) -> switch (m.getName()) {
                    case "getStore" -> store;
                    case "getDisplayName" -> name;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
