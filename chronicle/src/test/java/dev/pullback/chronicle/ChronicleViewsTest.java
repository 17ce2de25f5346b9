package dev.pullback.chronicle;

import static org.junit.jupiter.api.Assertions.*;

import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.DenseMatrix;
import dev.pullback.storage.DenseVector;
import dev.pullback.storage.NativeMemory;
import java.io.File;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.core.io.AbstractReferenceCounted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ChronicleLeaks.class)
class ChronicleViewsTest {
    @TempDir
    Path dir;

    @Test
    void denseViewSharesMemoryBothWays() {
        int rows = 3, cols = 5, ld = 4;
        long offset = 24;
        Bytes<?> bytes = Bytes.allocateDirect(offset + ChronicleViews.denseBytes(rows, cols, ld));
        try (BytesView<DenseMatrix> view = ChronicleViews.dense(bytes, offset, rows, cols, ld)) {
            DenseMatrix a = view.get();
            assertEquals(rows, a.rows());
            assertEquals(cols, a.cols());
            assertEquals(ld, a.ld());
            for (int j = 0; j < cols; j++) {
                for (int i = 0; i < rows; i++) bytes.writeDouble(offset + 8L * (i + j * ld), 10 * i + j);
            }
            for (int j = 0; j < cols; j++) {
                for (int i = 0; i < rows; i++) assertEquals(10 * i + j, a.get(i, j), "Chronicle write seen through the view");
            }
            a.set(2, 4, -7.5);
            assertEquals(-7.5, bytes.readDouble(offset + 8L * (2 + 4 * ld)), "view write seen through Chronicle");
            long address = bytes.addressForRead(offset);
            assertEquals(address, a.segment().address(), "the view is the Bytes' memory, not a copy");
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void vectorViewSharesMemoryBothWays() {
        Bytes<?> bytes = Bytes.allocateDirect(8 * 10);
        try (BytesView<DenseVector> view = ChronicleViews.vector(bytes, 16, 8)) {
            DenseVector x = view.get();
            assertEquals(8, x.length());
            assertTrue(x.isOffHeap());
            for (int i = 0; i < 8; i++) bytes.writeDouble(16 + 8L * i, i * 0.5);
            assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5}, x.toArray());
            x.set(7, 42);
            assertEquals(42, bytes.readDouble(16 + 8 * 7));
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void cscViewMatchesACopyAndSharesValues() {
        Random rnd = new Random(11);
        int rows = 7, cols = 6;
        // Columns 0, 3 and 5 are empty: the first, a middle and the last.
        int[] colPtr = {0, 0, 3, 5, 5, 8, 8};
        int[] rowIdx = {0, 2, 6, 1, 4, 0, 3, 5};
        double[] values = new double[rowIdx.length];
        for (int k = 0; k < values.length; k++) values[k] = rnd.nextGaussian();
        int nnz = values.length;
        long size = ChronicleViews.cscBytes(cols, nnz);
        assertEquals(12L * nnz + 4L * (cols + 1), size);
        BytesStore<?, ?> store = BytesStore.nativeStoreWithFixedCapacity(size);
        for (int k = 0; k < nnz; k++) store.writeDouble(8L * k, values[k]);
        for (int j = 0; j <= cols; j++) store.writeInt(8L * nnz + 4L * j, colPtr[j]);
        for (int k = 0; k < nnz; k++) store.writeInt(8L * nnz + 4L * (cols + 1) + 4L * k, rowIdx[k]);
        try (CscMatrix ref = CscMatrix.of(rows, cols, colPtr, rowIdx, values);
             BytesView<CscMatrix> view = ChronicleViews.csc(store, 0, rows, cols, nnz)) {
            CscMatrix a = view.get();
            assertEquals(nnz, a.nnz());
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) assertEquals(ref.get(i, j), a.get(i, j), "(" + i + ", " + j + ")");
            }
            assertEquals(0, a.pattern().colCount(0));
            assertEquals(0, a.pattern().colCount(5));
            a.setValue(3, 9.25);
            assertEquals(9.25, store.readDouble(8 * 3));
            store.writeDouble(0, -1.0);
            assertEquals(-1.0, a.get(0, 1));
        } finally {
            store.releaseLast();
        }
    }

    @Test
    void cscViewRejectsAnInvalidPatternAndLeavesNothingOpen() {
        int cols = 2, nnz = 2;
        Bytes<?> bytes = Bytes.allocateDirect(ChronicleViews.cscBytes(cols, nnz));
        bytes.writeInt(8L * nnz, 0);
        bytes.writeInt(8L * nnz + 4, 2);
        bytes.writeInt(8L * nnz + 8, 2);
        bytes.writeInt(8L * nnz + 12, 1);
        bytes.writeInt(8L * nnz + 16, 1); // row 1 twice in column 0
        long arenas = NativeMemory.liveArenas();
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ChronicleViews.csc(bytes, 0, 3, cols, nnz));
            assertTrue(e.getMessage().contains("not strictly increasing"), e.getMessage());
            assertEquals(arenas, NativeMemory.liveArenas());
            assertEquals(1, bytes.refCount());
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void mappedViewWritesTheFile() throws Exception {
        File file = dir.resolve("m.bin").toFile();
        MappedBytes mapped = MappedBytes.singleMappedBytes(file, 1 << 16);
        try (BytesView<DenseMatrix> view = ChronicleViews.dense(mapped, 4096, 4, 4)) {
            assertFalse(view.isReadOnly());
            for (int i = 0; i < 4; i++) view.get().set(i, i, i + 1.0);
        } finally {
            mapped.releaseLast();
        }
        MappedBytes again = MappedBytes.singleMappedBytes(file, 1 << 16);
        try {
            for (int i = 0; i < 4; i++) assertEquals(i + 1.0, again.readDouble(4096 + 8L * (i + 4 * i)));
        } finally {
            again.releaseLast();
        }
    }

    @Test
    void readOnlyMappingGivesAReadOnlyView() throws Exception {
        File file = dir.resolve("ro.bin").toFile();
        MappedBytes writer = MappedBytes.singleMappedBytes(file, 1 << 12);
        writer.writeDouble(0, 3.5);
        writer.releaseLast();
        MappedBytes reader = MappedBytes.singleMappedBytes(file, 1 << 12, true);
        try (BytesView<DenseVector> view = ChronicleViews.vector(reader, 0, 4)) {
            assertTrue(view.isReadOnly());
            assertEquals(3.5, view.get().get(0));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> view.get().set(0, 1.0));
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        } finally {
            reader.releaseLast();
        }
    }

    @Test
    void refusesMemoryThatCanMove() throws Exception {
        Bytes<?> elastic = Bytes.allocateElasticDirect(64);
        Bytes<?> heapElastic = Bytes.allocateElasticOnHeap(64);
        Bytes<?> heap = Bytes.wrapForWrite(new byte[64]);
        MappedBytes chunked = MappedBytes.mappedBytes(dir.resolve("c.bin").toFile(), 1 << 16);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ChronicleViews.dense(elastic, 0, 2, 2));
            assertTrue(e.getMessage().contains("elastic") && e.getMessage().contains("moves"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ChronicleViews.vector(heapElastic, 0, 2));
            assertTrue(e.getMessage().contains("on-heap"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ChronicleViews.vector(heap, 0, 2));
            assertTrue(e.getMessage().contains("on-heap"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ChronicleViews.vector(chunked, 0, 2));
            assertTrue(e.getMessage().contains("singleMappedBytes"), e.getMessage());
        } finally {
            elastic.releaseLast();
            heapElastic.releaseLast();
            heap.releaseLast();
            chunked.releaseLast();
        }
    }

    @Test
    void refusesARegionTooSmallOrMisaligned() {
        Bytes<?> bytes = Bytes.allocateDirect(100);
        long arenas = NativeMemory.liveArenas();
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ChronicleViews.dense(bytes, 8, 3, 4));
            assertTrue(e.getMessage().contains("[8, 104)") && e.getMessage().contains("[0, 100)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ChronicleViews.vector(bytes, -8, 1));
            assertTrue(e.getMessage().contains("outside"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ChronicleViews.vector(bytes, 4, 2));
            assertTrue(e.getMessage().contains("not 8-byte aligned"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ChronicleViews.dense(bytes, 0, 2, 2, 1));
            assertTrue(e.getMessage().contains("leading dimension"), e.getMessage());
            // Exactly full is fine: 12 doubles at offset 4 would not be, at 0 they are.
            try (BytesView<DenseVector> v = ChronicleViews.vector(bytes, 4 * 8, 8)) {
                assertEquals(8, v.get().length());
            }
            assertEquals(arenas, NativeMemory.liveArenas());
            assertEquals(1, bytes.refCount());
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void refusesReleasedBytes() {
        Bytes<?> bytes = Bytes.allocateDirect(64);
        bytes.releaseLast();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ChronicleViews.vector(bytes, 0, 2));
        assertTrue(e.getMessage().contains("already released"), e.getMessage());
    }

    @Test
    void closingTheViewEndsAccessAndGivesTheMemoryBack() {
        Bytes<?> bytes = Bytes.allocateDirect(64);
        try {
            long arenas = NativeMemory.liveArenas();
            BytesView<DenseMatrix> view = ChronicleViews.dense(bytes, 0, 2, 2);
            DenseMatrix a = view.get();
            assertEquals(arenas + 1, NativeMemory.liveArenas(), "the view's arena is a counted Pullback arena");
            assertEquals(1, bytes.refCount(), "the view reserves the store, not the Bytes");
            assertEquals(2, bytes.bytesStore().refCount());
            view.close();
            view.close();
            assertEquals(arenas, NativeMemory.liveArenas());
            assertEquals(1, bytes.bytesStore().refCount());
            assertTrue(a.isClosed());
            assertThrows(IllegalStateException.class, () -> a.get(0, 0));
            assertThrows(IllegalStateException.class, () -> a.set(0, 0, 1));
            IllegalStateException e = assertThrows(IllegalStateException.class, view::get);
            assertTrue(e.getMessage().contains("close() was called"), e.getMessage());
            bytes.writeDouble(0, 1.0); // the Bytes themselves are untouched
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void releasingTheBytesClosesTheirViewsBeforeTheMemoryIsFreed() {
        Bytes<?> bytes = Bytes.allocateDirect(64);
        BytesStore<?, ?> store = bytes.bytesStore();
        long arenas = NativeMemory.liveArenas();
        BytesView<DenseMatrix> first = ChronicleViews.dense(bytes, 0, 2, 2);
        BytesView<DenseVector> second = ChronicleViews.vector(bytes, 32, 4);
        DenseMatrix a = first.get();
        DenseVector x = second.get();
        a.set(1, 1, 2.0);
        bytes.releaseLast(); // no exception: the views hold the store, not the Bytes
        assertFalse(first.isOpen());
        assertFalse(second.isOpen(), "every view of the Bytes closes, not only the first listener's");
        assertEquals(0, store.refCount(), "the store was freed once the views had let go");
        assertEquals(arenas, NativeMemory.liveArenas());
        assertThrows(IllegalStateException.class, () -> a.get(1, 1), "freed memory is not readable through a view");
        assertThrows(IllegalStateException.class, () -> x.get(0));
        IllegalStateException e = assertThrows(IllegalStateException.class, first::get);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
        first.close(); // harmless afterwards
        second.close();
    }

    @Test
    void releasingABareStoreClosesItsViews() {
        BytesStore<?, ?> store = BytesStore.nativeStoreWithFixedCapacity(64);
        BytesView<DenseVector> view = ChronicleViews.vector(store, 0, 8);
        assertEquals(2, store.refCount());
        store.releaseLast(); // the view's own reservation goes with it: no "not the last released"
        assertFalse(view.isOpen());
        assertEquals(0, store.refCount());
        assertThrows(IllegalStateException.class, () -> view.get());
        view.close();
    }

    @Test
    void aViewOfTheStoreOutlivesAReleasedBytesOverIt() {
        BytesStore<?, ?> store = BytesStore.nativeStoreWithFixedCapacity(64);
        Bytes<?> bytes = store.bytesForWrite();
        try (BytesView<DenseVector> ofBytes = ChronicleViews.vector(bytes, 0, 8);
             BytesView<DenseVector> ofStore = ChronicleViews.vector(store, 0, 8)) {
            ofStore.get().set(0, 5.0);
            bytes.releaseLast();
            assertFalse(ofBytes.isOpen(), "a view lives no longer than the handle it was made from");
            assertTrue(ofStore.isOpen(), "the store is still held by its owner");
            assertEquals(5.0, ofStore.get().get(0));
        } finally {
            store.releaseLast();
        }
        assertEquals(0, store.refCount());
    }

    @Test
    void releaseWhileAnotherThreadReadsNeverReadsFreedMemory() throws Exception {
        for (int round = 0; round < 20; round++) {
            Bytes<?> bytes = Bytes.allocateDirect(8 * 1024);
            BytesView<DenseVector> view = ChronicleViews.vector(bytes, 0, 1024);
            DenseVector x = view.get();
            x.fill(1.0);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        double s = 0;
                        for (int i = 0; i < 1024; i++) s += x.get(i);
                        if (s != 1024) throw new AssertionError("read " + s + " from a live view");
                    }
                } catch (IllegalStateException expected) {
                    // the view closed under the reader: the only allowed outcome
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            reader.start();
            Thread.sleep(1);
            bytes.releaseLast();
            reader.join(10_000);
            assertFalse(reader.isAlive());
            assertNull(failure.get());
            assertFalse(view.isOpen());
            view.close();
        }
    }

    @Test
    void aViewClosesFromAnotherThread() throws Exception {
        Bytes<?> bytes = Bytes.allocateDirect(64);
        try {
            BytesView<DenseVector> view = ChronicleViews.vector(bytes, 0, 8);
            Thread t = new Thread(view::close);
            t.start();
            t.join();
            assertFalse(view.isOpen());
            assertEquals(1, bytes.bytesStore().refCount());
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void rawRegionAndEmptyShapes() {
        Bytes<?> bytes = Bytes.allocateDirect(16);
        try (BytesView<MemorySegment> r = ChronicleViews.region(bytes, 3, 13);
             BytesView<DenseMatrix> empty = ChronicleViews.dense(bytes, 16, 0, 0);
             BytesView<DenseMatrix> noRows = ChronicleViews.dense(bytes, 0, 0, 5);
             BytesView<CscMatrix> emptyCsc = ChronicleViews.csc(bytes, 0, 0, 3, 0)) {
            assertEquals(13, r.get().byteSize());
            r.get().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 7);
            assertEquals(7, bytes.readByte(3));
            assertEquals(0, empty.get().rows());
            assertEquals(5, noRows.get().cols());
            assertEquals(0, emptyCsc.get().nnz());
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void leakCheckSeesAnUnreleasedBytes() {
        Bytes<?> bytes = Bytes.allocateDirect(8);
        assertThrows(AssertionError.class, AbstractReferenceCounted::assertReferencesReleased);
        bytes.releaseLast();
    }
}
