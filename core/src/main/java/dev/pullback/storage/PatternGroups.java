package dev.pullback.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Groups of positions in a {@link CscPattern}, each position with a coefficient: group g is the
 * sparse matrix Aₘ whose entry at pattern position {@code pos[t]} is {@code coef[t]}, for t in
 * {@code groupPtr[g] .. groupPtr[g+1]-1}. A finite-element assembly map is one: group e holds the
 * entries that element e contributes, with its element-matrix values as coefficients.
 *
 * <p>This is what the batched rank-1 kernel consumes: out[g] = Σₜ coef[t]·u[row(pos[t])]·v[col(pos[t])]
 * = uᵀAₘv, all groups in one pass. Row and column of each entry are resolved once here, so the
 * kernel never searches the pattern. A position may occur in several groups and several times in
 * one group (the contributions add).
 */
public final class PatternGroups implements AutoCloseable {
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final CscPattern pattern;
    private final int groups;
    private final int entries;
    private final MemorySegment groupPtr;
    private final MemorySegment position;
    private final MemorySegment row;
    private final MemorySegment col;
    private final MemorySegment coef;
    private final Arena arena;
    private volatile int[][] mirrors;
    private final int[] blockWidths;

    private PatternGroups(CscPattern pattern, int groups, int entries, MemorySegment groupPtr, MemorySegment position,
            MemorySegment row, MemorySegment col, MemorySegment coef, Arena arena, int[] blockWidths) {
        this.pattern = pattern;
        this.groups = groups;
        this.entries = entries;
        this.groupPtr = groupPtr;
        this.position = position;
        this.row = row;
        this.col = col;
        this.coef = coef;
        this.arena = arena;
        this.blockWidths = blockWidths;
    }

    /**
     * Validates and copies: groupPtr must start at 0 and be non-decreasing, every position must lie
     * in [0, nnz), and coefs must have one value per position.
     */
    public static PatternGroups of(CscPattern pattern, int[] groupPtr, int[] positions, double[] coefs) {
        if (groupPtr.length == 0 || groupPtr[0] != 0) {
            throw new IllegalArgumentException("groupPtr must have at least one entry and start at 0");
        }
        int groups = groupPtr.length - 1;
        for (int g = 0; g < groups; g++) {
            if (groupPtr[g + 1] < groupPtr[g]) {
                throw new IllegalArgumentException("groupPtr decreases at group " + g + ": " + groupPtr[g]
                        + " > " + groupPtr[g + 1]);
            }
        }
        int entries = groupPtr[groups];
        if (positions.length < entries || coefs.length < entries) {
            throw new IllegalArgumentException("groupPtr[" + groups + "] = " + entries + " but " + positions.length
                    + " positions and " + coefs.length + " coefficients were given");
        }
        int nnz = pattern.nnz();
        int[] colOf = new int[nnz];
        for (int j = 0; j < pattern.cols(); j++) {
            for (int k = pattern.colStart(j); k < pattern.colEnd(j); k++) colOf[k] = j;
        }
        Arena arena = NativeMemory.openArena();
        try {
            MemorySegment gp = NativeMemory.ints(arena, groups + 1L);
            MemorySegment ps = NativeMemory.ints(arena, entries);
            MemorySegment rs = NativeMemory.ints(arena, entries);
            MemorySegment cs = NativeMemory.ints(arena, entries);
            MemorySegment vs = NativeMemory.doubles(arena, entries);
            MemorySegment.copy(groupPtr, 0, gp, I, 0, groups + 1);
            for (int g = 0; g < groups; g++) {
                for (int t = groupPtr[g]; t < groupPtr[g + 1]; t++) {
                    int p = positions[t];
                    if (p < 0 || p >= nnz) {
                        throw new IllegalArgumentException("group " + g + " entry " + t + ": position " + p
                                + " outside the pattern's [0, " + nnz + ")");
                    }
                    ps.setAtIndex(I, t, p);
                    rs.setAtIndex(I, t, pattern.row(p));
                    cs.setAtIndex(I, t, colOf[p]);
                    vs.setAtIndex(D, t, coefs[t]);
                }
            }
            return new PatternGroups(pattern, groups, entries, gp, ps, rs, cs, vs, arena, blockWidths(groupPtr, rs, cs));
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    public CscPattern pattern() {
        return pattern;
    }

    /** Number of groups (parameters). */
    public int groups() {
        return groups;
    }

    /** Total number of (position, coefficient) entries over all groups. */
    public int entries() {
        return entries;
    }

    /** groups+1 ints: group g's entries are [groupPtr[g], groupPtr[g+1]). */
    public MemorySegment groupPtr() {
        return groupPtr;
    }

    /** entries ints: the pattern position of each entry. */
    public MemorySegment position() {
        return position;
    }

    /** entries ints: the row of each entry's position. */
    public MemorySegment row() {
        return row;
    }

    /** entries ints: the column of each entry's position. */
    public MemorySegment col() {
        return col;
    }

    /** entries doubles: the coefficient of each entry. */
    public MemorySegment coef() {
        return coef;
    }

    /**
     * For each group, c &gt; 0 when its entries form a row-major block, else 0: the group's entries
     * come in runs of c with one row per run, and every run repeats the first run's columns, so
     * entry t of the group is (row of its run, col of entry t mod c). A finite-element map is made
     * of such blocks (an element's rows × its columns); the grouped rank-1 kernel then gathers v at
     * the c columns once per group instead of once per entry. Read-only by contract.
     */
    public int[] blockWidths() {
        return blockWidths;
    }

    private static int[] blockWidths(int[] groupPtr, MemorySegment rows, MemorySegment cols) {
        int[] widths = new int[groupPtr.length - 1];
        for (int g = 0; g < widths.length; g++) {
            int start = groupPtr[g], end = groupPtr[g + 1];
            if (start == end) continue;
            int r0 = rows.getAtIndex(I, start), c = 1;
            while (start + c < end && rows.getAtIndex(I, start + c) == r0) c++;
            boolean block = (end - start) % c == 0;
            for (int t = start; block && t < end; t++) {
                int run = start + (t - start) / c * c;
                block = rows.getAtIndex(I, t) == rows.getAtIndex(I, run)
                        && cols.getAtIndex(I, t) == cols.getAtIndex(I, start + (t - start) % c);
            }
            widths[g] = block ? c : 0;
        }
        return widths;
    }

    /**
     * Heap copies of {@link #row()} and {@link #col()} ({rows, cols}), built on first call and then
     * shared, for the Vector API kernels that gather u and v through them (gathers need a heap
     * {@code int[]} index map). 8 bytes per entry of heap. Read-only by contract.
     */
    public int[][] rowColMirrors() {
        int[][] m = mirrors;
        if (m == null) {
            int[] r = new int[entries], c = new int[entries];
            MemorySegment.copy(row, I, 0, r, 0, entries);
            MemorySegment.copy(col, I, 0, c, 0, entries);
            m = new int[][] {r, c}; // racing threads build equal copies; any one of them may win
            mirrors = m;
        }
        return m;
    }

    @Override
    public void close() {
        arena.close();
    }
}
