package dev.pullback.storage;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Large off-heap arrays on transparent huge pages (Linux). A solve streams its factor end to end;
 * on 4 KiB pages every 4 KiB of that stream needs its own TLB entry and restarts the hardware
 * prefetcher, on 2 MiB pages one entry covers 512 of them. Where the kernel gives huge pages only
 * on request (THP mode "madvise", the common default), the request must come before the memory is
 * first touched, and the JDK's arenas zero (touch) what they allocate: so this maps anonymous
 * memory itself (mmap, zero-filled by the kernel on first touch), trims it to a 2 MiB-aligned
 * range, asks for huge pages (madvise MADV_HUGEPAGE) and unmaps it when the arena closes
 * (docs/PERFORMANCE.md, 2026-12-08 'factors on huge pages').
 *
 * <p>Needs native access for this module ({@code --enable-native-access}, which jvm.config grants)
 * and THP not "never"; otherwise {@link #available()} is false and {@link NativeMemory} allocates
 * through the arena as before. A failed mapping also falls back. The kernel may still back the
 * range with small pages (fragmented memory): the arrays work the same, only slower.
 */
final class HugePageMemory {
    /** The huge page size on x86-64 and arm64 Linux with 4 KiB base pages. */
    static final long HUGE_PAGE = 2L << 20;

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int MADV_HUGEPAGE = 14;

    private static final MethodHandle MMAP, MUNMAP, MADVISE;
    private static final boolean AVAILABLE;
    private static final AtomicLong MAPPINGS = new AtomicLong();

    static {
        MethodHandle mmap = null, munmap = null, madvise = null;
        boolean ok = false;
        try {
            if (System.getProperty("os.name", "").startsWith("Linux")
                    && HugePageMemory.class.getModule().isNativeAccessEnabled() && transparentHugePagesOn()) {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(),
                        FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
                munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
                madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(),
                        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
                ok = true;
            }
        } catch (RuntimeException | LinkageError e) {
            ok = false; // no libc symbols, no linker for this platform: allocate as before
        }
        MMAP = mmap;
        MUNMAP = munmap;
        MADVISE = madvise;
        AVAILABLE = ok;
    }

    private HugePageMemory() {}

    /** Whether {@link #allocate} can be tried in this JVM (Linux, native access, THP not "never"). */
    static boolean available() {
        return AVAILABLE;
    }

    /** Mappings made by {@link #allocate} and not yet unmapped. */
    static long liveMappings() {
        return MAPPINGS.get();
    }

    /**
     * A zeroed segment of {@code byteSize} bytes, 2 MiB aligned, that lives as long as {@code arena};
     * null when the mapping failed (the caller then allocates otherwise).
     */
    static MemorySegment allocate(long byteSize, Arena arena) {
        if (!AVAILABLE) throw new IllegalStateException("huge-page mappings are not available in this JVM");
        if (byteSize <= 0) throw new IllegalArgumentException("byteSize " + byteSize + " must be positive");
        long length = roundUp(byteSize), mapped = length + HUGE_PAGE;
        try {
            MemorySegment base = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, mapped, PROT_READ_WRITE,
                    MAP_PRIVATE_ANONYMOUS, -1, 0L);
            long address = base.address();
            if (address == -1L || address == 0L) return null; // MAP_FAILED
            long start = (address + HUGE_PAGE - 1) & -HUGE_PAGE, end = start + length;
            if (start > address) unmap(address, start - address);
            if (address + mapped > end) unmap(end, address + mapped - end);
            int advised = (int) MADVISE.invokeExact(MemorySegment.ofAddress(start), length, MADV_HUGEPAGE);
            // advised != 0: the kernel refused the hint; the memory is usable on small pages.
            MemorySegment s;
            try {
                s = MemorySegment.ofAddress(start).reinterpret(byteSize, arena, m -> {
                    unmap(start, length);
                    MAPPINGS.decrementAndGet();
                });
            } catch (RuntimeException e) { // a closed arena, or one of another thread: nothing may stay mapped
                unmap(start, length);
                throw e;
            }
            MAPPINGS.incrementAndGet();
            return s;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("mapping " + byteSize + " bytes for huge pages failed", e);
        }
    }

    private static void unmap(long address, long length) {
        try {
            int r = (int) MUNMAP.invokeExact(MemorySegment.ofAddress(address), length);
            if (r != 0) throw new IllegalStateException("munmap of " + length + " bytes at 0x" + Long.toHexString(address) + " failed");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static long roundUp(long bytes) {
        return Math.addExact(bytes, HUGE_PAGE - 1) & -HUGE_PAGE;
    }

    /** THP's mode is not "never" (or the file is missing, as on kernels without THP: then no). */
    private static boolean transparentHugePagesOn() {
        try {
            String mode = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
            return !mode.contains("[never]");
        } catch (java.io.IOException | SecurityException e) {
            return false;
        }
    }
}
