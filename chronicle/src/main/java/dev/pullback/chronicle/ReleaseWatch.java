package dev.pullback.chronicle;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.core.io.ReferenceChangeListener;
import net.openhft.chronicle.core.io.ReferenceCounted;
import net.openhft.chronicle.core.io.ReferenceOwner;

/**
 * Closes the open pins of a Chronicle handle when the user releases that handle, so a view never
 * outlives the {@code Bytes} it was made from.
 *
 * <p>One watch (one listener) per handle, shared by all the pins made from it. "Released" means:
 * <ul>
 *   <li>for a {@code Bytes} handle, its reference count reached 0 (the pins reserve its store, not
 *       the handle itself);</li>
 *   <li>for a bare {@code BytesStore} handle, which the pins reserve directly, its count fell to the
 *       number of open pins: nobody but the views holds it any more.</li>
 * </ul>
 * Chronicle calls the listener before it frees anything, in the releasing thread; the pins' arenas
 * close there (a shared arena may be closed from any thread; a read racing with it in another
 * thread fails with IllegalStateException), and only then do the pins give back their reservations.
 *
 * <p>The listener never removes itself from inside the callback: Chronicle iterates its listeners by
 * index, so a removal would make it skip the next one. Chronicle clears the listeners when the count
 * reaches 0; a watch whose last pin closed normally removes its listener itself.
 */
final class ReleaseWatch implements ReferenceChangeListener {
    private static final Map<ReferenceCounted, ReleaseWatch> WATCHES = new IdentityHashMap<>();

    private final ReferenceCounted handle;
    private final boolean pinsReserveHandle;
    private final List<Pin> pins = new ArrayList<>();

    private ReleaseWatch(ReferenceCounted handle, boolean pinsReserveHandle) {
        this.handle = handle;
        this.pinsReserveHandle = pinsReserveHandle;
    }

    /** Adds a pin (already holding its reservation) to the handle's watch, creating it if needed. */
    static void register(ReferenceCounted handle, boolean pinsReserveHandle, Pin pin) {
        synchronized (WATCHES) {
            ReleaseWatch w = WATCHES.get(handle);
            if (w == null) {
                w = new ReleaseWatch(handle, pinsReserveHandle);
                handle.addReferenceChangeListener(w);
                WATCHES.put(handle, w);
            }
            w.pins.add(pin);
        }
    }

    /** Removes a pin that is being closed by its owner; drops the watch with its last pin. */
    static void unregister(Pin pin) {
        synchronized (WATCHES) {
            ReleaseWatch w = WATCHES.get((ReferenceCounted) pin.handle());
            if (w == null || !w.pins.remove(pin)) return;
            if (w.pins.isEmpty()) {
                WATCHES.remove(w.handle);
                w.handle.removeReferenceChangeListener(w);
            }
        }
    }

    /** Open pins over all handles (for tests). */
    static int openPins() {
        synchronized (WATCHES) {
            return WATCHES.values().stream().mapToInt(w -> w.pins.size()).sum();
        }
    }

    @Override
    public void onReferenceRemoved(ReferenceCounted counted, ReferenceOwner owner) {
        List<Pin> released;
        synchronized (WATCHES) {
            if (WATCHES.get(handle) != this) return; // already handled (a nested call from our own releases)
            int heldByPins = pinsReserveHandle ? pins.size() : 0;
            if (counted.refCount() > heldByPins) return;
            released = new ArrayList<>(pins);
            pins.clear();
            WATCHES.remove(handle);
        }
        // Outside the lock: each close releases a reservation, which may call this listener again.
        for (Pin p : released) {
            try {
                p.closeBecauseReleased();
            } catch (IllegalStateException stillInUse) {
                // Its arena is acquired by a downcall: the pin keeps its reservation, so the memory
                // stays valid until its owner closes it. Throwing here would break the user's release.
            }
        }
    }
}
