package dev.pullback.gallery;

import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import dev.pullback.storage.CscPattern;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Modified nodal analysis (MNA) matrices of a synthetic transistor-level circuit, as a SPICE-like
 * transient simulator factors them: at time step k, backward Euler with step h_k gives the Newton
 * matrix G(x_k) + C/h_k. The netlist and so the pattern are fixed per seed; the values change from
 * step to step ({@link #fill}), which is what a refactorization benchmark needs.
 *
 * <p>Netlist. Cells (CMOS inverters, NAND2 and NOR2 gates with a series-stack internal node, and
 * now and then an ideal amplifier macromodel) are numbered along a space-filling placement order,
 * so that nearby numbers are nearby cells. Each cell input is driven by the output net of another
 * cell, picked in a window around it whose radius has a power-law tail (mostly neighbours: wiring
 * is local, as Rent's rule has it) with probability proportional to a Pareto weight drawn per net.
 * Fan-out and so node degree then have a power-law tail: about one node in five of degree ≥ 16 has
 * degree ≥ 32, one in five of those degree ≥ 64, and so on up to a few nets with hundreds or
 * thousands of pins (clocks, enables). Three nets in ten are RC ladders of 1–8 segments
 * (interconnect), their pins spread along the ladder, and some ladder nodes couple capacitively to
 * nearby nets. Power: 1 + n/40 000 domains, each a VDD and a VSS hub net reaching every
 * transistor of its cells (thousands of pins), fed from an ideal voltage source through a package
 * resistance and inductance, with a decoupling capacitance between the two hubs.
 *
 * <p>Stamps. Node rows: KCL at every node except ground (the reference, eliminated). A MOSFET
 * (drain d, gate g, source s) stamps its output conductance g_ds between d and s and its
 * transconductance g_m as a voltage-controlled current g_m·(v_g − v_s) from d to s: entries in
 * rows d and s at columns g and s but none in row g, hence unsymmetric values; its capacitances
 * C_gs, C_gd and C_db stamp C/h (and store the mirrored positions, so the pattern is nearly
 * symmetric: only the amplifiers' controlling entries have no mirror). A voltage source (a
 * supply, or a 0 V ammeter in series with a sensed net) adds a branch row and column with a
 * structurally zero diagonal, as does each amplifier's voltage-controlled voltage source
 * (v_e = μ·(v_a − v_b)); an inductor adds a branch row whose diagonal is −L/h. Unknowns: node
 * voltages first, then branch currents. Values in SI units at 1 ps steps: conductances from 1e-7
 * to 10 S, capacitive terms around 1e-3 S, ±1 incidence, μ up to 100, L/h about 1000 — the spread
 * of scales that makes circuit matrices hard.
 *
 * <p>Per step, the step size is log-uniform in [0.25, 4] ps and every transistor is off, saturated
 * or in triode (a hash of seed, transistor and its own switching period), which sets its g_m and
 * g_ds. Step 0 is what {@link #matrix()} returns and what {@code --gallery circuit:N} writes.
 *
 * <p>Nonsingularity: every node has a capacitance or a resistor to the rest, no loop consists of
 * voltage sources only (each source or amplifier drives a node of its own), and C/h dominates the
 * device terms at these step sizes; small instances are checked by the tests, not proved.
 * Not thread-safe ({@link #fill} uses scratch space).
 */
public final class CircuitMna {
    // device kinds: the value that multiplies an entry's coefficient at a step
    private static final byte FIXED = 0, CAPACITOR = 1, GM = 2, GDS = 3, INDUCTOR = 4;
    private static final int GND = -1;
    /** Tail index of the nets' weights: P(weight > w) = w^−TAIL for w ≥ 1. */
    private static final double TAIL = 0.9;
    /** One input in GLOBAL picks its net among all cells, not in a local window. */
    private static final int GLOBAL = 16;

    private final int n;
    private final int nodes;
    private final int zeroDiagonal;
    private final int sources;
    private final int hubs;
    private final long seed;
    private final int[] colPtr;
    private final int[] rowIdx;
    // entry t adds coef[t]·value(device[t]) at position pos[t] of the values
    private final int[] pos;
    private final double[] coef;
    private final int[] device;
    private final byte[] kind;
    private final double[] base;    // conductance, capacitance, gm0, gds0, inductance
    private final int[] transistor; // for GM and GDS devices
    private final int[] period;     // per transistor: steps between state changes
    private final int[] phase;
    private final double[] scratch;
    private final double[] value;

    private CircuitMna(Netlist net, long seed) {
        this.seed = seed;
        this.n = net.unknowns();
        this.nodes = net.nodes;
        this.hubs = net.hubs;
        this.sources = net.sources;
        CooBuilder b = new CooBuilder(n, n, net.entries);
        for (int t = 0; t < net.entries; t++) b.add(net.row[t], net.col[t], 1.0);
        try (CscMatrix shape = b.build(CooBuilder.Zeros.KEEP)) {
            colPtr = shape.pattern().colPtrArray();
            rowIdx = shape.pattern().rowIdxArray();
            pos = new int[net.entries];
            for (int t = 0; t < net.entries; t++) pos[t] = shape.pattern().find(net.row[t], net.col[t]);
        }
        coef = Arrays.copyOf(net.coef, net.entries);
        device = Arrays.copyOf(net.dev, net.entries);
        kind = Arrays.copyOf(net.kind, net.devices);
        base = Arrays.copyOf(net.base, net.devices);
        transistor = Arrays.copyOf(net.transistorOf, net.devices);
        period = Arrays.copyOf(net.period, net.transistors);
        phase = Arrays.copyOf(net.phase, net.transistors);
        int z = 0;
        for (int j = 0; j < n; j++) if (Arrays.binarySearch(rowIdx, colPtr[j], colPtr[j + 1], j) < 0) z++;
        zeroDiagonal = z;
        scratch = new double[rowIdx.length];
        value = new double[net.devices];
    }

    /** A circuit with exactly n unknowns (n ≥ 64), deterministic per seed. */
    public static CircuitMna generate(int n, long seed) {
        if (n < 64) throw new IllegalArgumentException("circuit needs n >= 64 unknowns, got " + n);
        return new CircuitMna(Netlist.random(n, new SplittableRandom(seed)), seed);
    }

    /** Order of the matrix: nodes plus branch currents. */
    public int n() {
        return n;
    }

    /** Node voltages (the first {@link #nodes()} unknowns); the rest are branch currents. */
    public int nodes() {
        return nodes;
    }

    /** Rows of the pattern with no stored diagonal entry. */
    public int zeroDiagonalRows() {
        return zeroDiagonal;
    }

    /**
     * Voltage sources (supplies, 0 V ammeters) and amplifiers (VCVS): each adds a branch row whose
     * diagonal is structurally zero, and they are the only rows without a diagonal.
     */
    public int voltageSources() {
        return sources;
    }

    /** Supply hub nets (VDD and VSS per power domain). */
    public int hubs() {
        return hubs;
    }

    /** Stored entries of every step's matrix. */
    public int nnz() {
        return rowIdx.length;
    }

    /** The fixed pattern of every step's matrix, as a new CscPattern that the caller closes. */
    public CscPattern pattern() {
        return CscPattern.of(n, n, colPtr, rowIdx);
    }

    /** The time step h_k in seconds. */
    public double timeStep(int step) {
        if (step < 0) throw new IllegalArgumentException("step must be >= 0, got " + step);
        return 1e-12 * Math.pow(2, 4 * unit(seed, -1, step) - 2);
    }

    /** A new matrix (its own pattern copy and values) holding step 0. */
    public CscMatrix matrix() {
        return matrix(0);
    }

    /** A new matrix (its own pattern copy and values) holding the given step. */
    public CscMatrix matrix(int step) {
        CscMatrix a = CscMatrix.of(n, n, colPtr, rowIdx, new double[rowIdx.length]);
        fill(step, a);
        return a;
    }

    /**
     * Overwrites a's values with G + C/h of the given step; a must have this circuit's pattern.
     * Deterministic per (seed, step), in any order of steps; allocates nothing.
     */
    public void fill(int step, CscMatrix a) {
        if (!hasThisPattern(a.pattern())) {
            throw new IllegalArgumentException("fill: matrix pattern " + a.pattern() + " is not this circuit's ("
                    + n + "x" + n + ", nnz " + rowIdx.length + ")");
        }
        double h = timeStep(step);
        for (int d = 0; d < kind.length; d++) {
            value[d] = switch (kind[d]) {
                case FIXED -> base[d];
                case CAPACITOR -> base[d] / h;
                case INDUCTOR -> base[d] / h;
                default -> {
                    int t = transistor[d];
                    int state = (int) (3 * unit(seed, t, (step + phase[t]) / period[t]));
                    // off: leakage; saturation: gm0, gds0; triode: a third of gm0, ten times gds0
                    double f = kind[d] == GM ? (state == 0 ? 1e-3 : state == 1 ? 1 : 0.3)
                            : (state == 0 ? 0.05 : state == 1 ? 1 : 10);
                    yield base[d] * f;
                }
            };
        }
        Arrays.fill(scratch, 0.0);
        for (int t = 0; t < pos.length; t++) scratch[pos[t]] += coef[t] * value[device[t]];
        a.setValues(scratch);
    }

    private boolean hasThisPattern(CscPattern p) {
        return p.rows() == n && p.cols() == n && p.nnz() == rowIdx.length
                && MemorySegment.mismatch(p.colPtr(), 0, 4L * (n + 1), MemorySegment.ofArray(colPtr), 0, 4L * (n + 1)) < 0
                && MemorySegment.mismatch(p.rowIdx(), 0, 4L * rowIdx.length, MemorySegment.ofArray(rowIdx), 0,
                        4L * rowIdx.length) < 0;
    }

    /** A hash of (seed, a, b) mapped to [0, 1) (splitmix64's finaliser). */
    private static double unit(long seed, long a, long b) {
        long z = seed * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }

    /** The netlist as stamp entries (row, col, coef, device) and devices (kind, base value). */
    private static final class Netlist {
        int nodes;
        int branches;
        int sources; // voltage sources and amplifiers: the branch rows without a diagonal
        int hubs;
        int entries;
        int[] row = new int[1024];
        int[] col = new int[1024];
        double[] coef = new double[1024];
        int[] dev = new int[1024];
        int devices;
        byte[] kind = new byte[256];
        double[] base = new double[256];
        int[] transistorOf = new int[256];
        int transistors;
        int[] period = new int[256];
        int[] phase = new int[256];

        int unknowns() {
            return nodes + branches;
        }

        // cell kinds
        static final int INV = 0, NAND = 1, NOR = 2, AMP = 3;

        static Netlist random(int n, SplittableRandom rnd) {
            Netlist net = new Netlist();
            int domains = 1 + n / 40_000;
            net.hubs = 2 * domains;
            int[] vdd = new int[domains], vss = new int[domains];
            for (int d = 0; d < domains; d++) {
                vdd[d] = net.supply(rnd);
                vss[d] = net.supply(rnd);
                net.capacitor(vdd[d], vss[d], rnd.nextDouble(0.5e-12, 2e-12)); // on-die decoupling
            }
            // pass 1: cells and their nets, until the unknowns reach n exactly
            Cells cells = new Cells();
            while (true) {
                int type = rnd.nextInt(1000) < 3 ? AMP : rnd.nextInt(10) < 4 ? INV : rnd.nextBoolean() ? NAND : NOR;
                boolean ammeter = type != AMP && rnd.nextInt(200) == 0;
                int ladder = rnd.nextInt(10) < 3 ? 1 + rnd.nextInt(8) : 0;
                // AMP: out + internal node + branch; gates: out (+ stack node) (+ ammeter node and branch)
                int need = 1 + ladder + (type == AMP ? 2 : (type == INV ? 0 : 1) + (ammeter ? 2 : 0));
                int left = n - net.unknowns();
                if (need > left) {
                    // top up: the last cell's ladder grows by what is left (a net needs >= 1 cell)
                    if (cells.count == 0) throw new IllegalStateException("n too small for the supply network");
                    int c = cells.count - 1;
                    if (cells.ladderLen[c] == 0) cells.ladderStart[c] = net.nodes;
                    else if (cells.ladderStart[c] + cells.ladderLen[c] != net.nodes) {
                        throw new IllegalStateException("ladder not last");
                    }
                    cells.ladderLen[c] += left;
                    net.nodes += left;
                    break;
                }
                int c = cells.add(type);
                cells.out[c] = net.nodes++;
                cells.stack[c] = type == NAND || type == NOR || type == AMP ? net.nodes++ : -1;
                cells.amm[c] = ammeter ? net.nodes++ : -1;
                cells.ladderStart[c] = net.nodes;
                cells.ladderLen[c] = ladder;
                net.nodes += ladder;
                if (ammeter) net.branches++;
                if (type == AMP) net.branches++;
                if (ammeter || type == AMP) net.sources++;
            }
            // node numbers are final now; branch k is nodes + k
            int branch = net.nodes + 2 * net.hubs; // supplies took the first 2 per hub (source, inductor)
            net.fixSupplyBranches();
            // cell index = position along a space-filling placement order; domains are index ranges
            double[] cumulative = new double[cells.count];
            double run = 0;
            // capped at 1e6 so that one draw cannot swamp the sums' precision (no net exceeds n pins anyway)
            for (int c = 0; c < cells.count; c++) {
                cumulative[c] = run += Math.min(1e6, Math.pow(1 - rnd.nextDouble(), -1 / TAIL));
            }
            // pass 2: inputs, device stamps
            for (int c = 0; c < cells.count; c++) {
                int dom = c * domains / cells.count;
                int a = cells.loadNode(driver(rnd, c, cumulative), rnd);
                int b = cells.loadNode(driver(rnd, c, cumulative), rnd);
                if (b == a) b = GND; // both inputs on one net: the second input ties to ground
                int x = cells.amm[c] >= 0 ? cells.amm[c] : cells.out[c];
                int m = cells.stack[c];
                int hi = vdd[dom], lo = vss[dom];
                switch (cells.type[c]) {
                    case INV -> {
                        net.mos(rnd, false, x, a, lo);
                        net.mos(rnd, true, x, a, hi);
                    }
                    case NAND -> {
                        net.mos(rnd, true, x, a, hi);
                        net.mos(rnd, true, x, b, hi);
                        net.mos(rnd, false, x, a, m);
                        net.mos(rnd, false, m, b, lo);
                    }
                    case NOR -> {
                        net.mos(rnd, true, m, a, hi);
                        net.mos(rnd, true, x, b, m);
                        net.mos(rnd, false, x, a, lo);
                        net.mos(rnd, false, x, b, lo);
                    }
                    default -> { // AMP: v_m = μ (v_a − v_b), output resistance m–x, input capacitance
                        int k = branch++;
                        net.incidence(m, GND, k);
                        int d = net.device(FIXED, -rnd.nextDouble(1, 100));
                        net.entry(k, a, 1, d);
                        net.entry(k, b, -1, d);
                        net.resistor(m, x, rnd.nextDouble(50, 500));
                        net.capacitor(x, GND, rnd.nextDouble(1e-15, 5e-15));
                        net.capacitor(a, b, rnd.nextDouble(0.2e-15, 1e-15));
                    }
                }
                net.capacitor(cells.out[c], GND, rnd.nextDouble(0.2e-15, 1e-15)); // the net's own wire
                if (cells.amm[c] >= 0) net.incidence(cells.amm[c], cells.out[c], branch++); // 0 V ammeter
                // interconnect: R between consecutive ladder nodes, C to ground, some coupling C
                int prev = cells.out[c];
                for (int s = 0; s < cells.ladderLen[c]; s++) {
                    int node = cells.ladderStart[c] + s;
                    net.resistor(prev, node, rnd.nextDouble(5, 200));
                    net.capacitor(node, GND, rnd.nextDouble(0.5e-15, 5e-15));
                    if (rnd.nextInt(4) == 0) {
                        int other = cells.loadNode(Math.floorMod(c + rnd.nextInt(-4, 5), cells.count), rnd);
                        if (other != node) net.capacitor(node, other, rnd.nextDouble(0.1e-15, 1e-15));
                    }
                    prev = node;
                }
            }
            if (branch != net.unknowns()) {
                throw new IllegalStateException("numbered " + branch + " unknowns, expected " + net.unknowns());
            }
            return net;
        }

        /**
         * A driving cell for an input of cell c: a window of cells around c whose radius R has a
         * power-law tail, P(R > r) = 4/r (mostly neighbours: wire lengths as under Rent's rule),
         * or in one pick of {@link #GLOBAL} the whole chip; then a cell of the window with
         * probability proportional to its net's Pareto weight (tail index {@link #TAIL}), so the
         * heavy nets collect the pins of every window that reaches them.
         */
        private static int driver(SplittableRandom rnd, int c, double[] cumulative) {
            int count = cumulative.length;
            // one pick in GLOBAL spans the chip (clock, reset, enable nets); the rest are local
            double r = rnd.nextInt(GLOBAL) == 0 ? count : 4 * Math.pow(1 - rnd.nextDouble(), -1.0);
            int radius = (int) Math.min(count, r);
            int lo = Math.max(0, c - radius), hi = Math.min(count - 1, c + radius);
            double below = lo == 0 ? 0 : cumulative[lo - 1];
            double u = below + rnd.nextDouble() * (cumulative[hi] - below);
            int k = Arrays.binarySearch(cumulative, lo, hi + 1, u);
            k = Math.min(hi, k < 0 ? -k - 1 : k);
            return k != c ? k : c < hi ? c + 1 : c > lo ? c - 1 : (c + 1) % count;
        }

        // supply: source node p (ideal V source to ground), R_pkg p–q, inductor q–hub; returns the hub
        private final int[][] pendingSupply = new int[16][];
        private int supplies;

        private int supply(SplittableRandom rnd) {
            int p = nodes++, q = nodes++, hub = nodes++;
            branches += 2; // the source and the inductor, numbered after all nodes
            sources++;
            resistor(p, q, rnd.nextDouble(0.05, 0.2));
            if (supplies == pendingSupply.length) throw new IllegalStateException("too many supplies");
            pendingSupply[supplies++] = new int[] {p, q, hub, device(INDUCTOR, rnd.nextDouble(0.5e-9, 2e-9))};
            return hub;
        }

        /** Supply branches come after all nodes; stamp them once the node count is final. */
        private void fixSupplyBranches() {
            int k = nodes;
            for (int s = 0; s < supplies; s++) {
                int[] sp = pendingSupply[s];
                incidence(sp[0], GND, k++);
                // inductor row: v_q − v_hub − (L/h)·i = 0; its current leaves q and enters the hub
                incidence(sp[1], sp[2], k);
                entry(k, k, -1, sp[3]);
                k++;
            }
        }

        /** A MOSFET: g_ds and g_m stamps, gate and drain capacitances. PMOS conducts from s to d. */
        private void mos(SplittableRandom rnd, boolean pmos, int d, int g, int s) {
            int t = transistors++;
            if (t == period.length) {
                period = Arrays.copyOf(period, 2 * t);
                phase = Arrays.copyOf(phase, 2 * t);
            }
            period[t] = 1 + rnd.nextInt(20);
            phase[t] = rnd.nextInt(period[t]);
            double size = Math.exp(rnd.nextDouble(-0.7, 1.4)); // W/L spread
            double gm = (pmos ? 4e-5 : 1e-4) * size;
            int dm = device(GM, gm), dd = device(GDS, gm / rnd.nextDouble(10, 50));
            transistorOf[dm] = t;
            transistorOf[dd] = t;
            // NMOS: current g_m (v_g − v_s) from d to s; PMOS: g_m (v_s − v_g) from s to d (same stamp)
            int from = pmos ? s : d, to = pmos ? d : s;
            vccs(from, to, pmos ? s : g, pmos ? g : s, dm);
            conductance(d, s, dd);
            double cg = 0.5e-15 * size;
            capacitor(g, s, cg);
            capacitor(g, d, 0.3 * cg);
            capacitor(d, GND, 0.5 * cg);
        }

        /** Current value·(v_c − v_e) leaving node p and entering node q. */
        private void vccs(int p, int q, int c, int e, int d) {
            entry(p, c, 1, d);
            entry(p, e, -1, d);
            entry(q, c, -1, d);
            entry(q, e, 1, d);
        }

        private void conductance(int a, int b, int d) {
            entry(a, a, 1, d);
            entry(b, b, 1, d);
            entry(a, b, -1, d);
            entry(b, a, -1, d);
        }

        private void resistor(int a, int b, double ohms) {
            conductance(a, b, device(FIXED, 1 / ohms));
        }

        private void capacitor(int a, int b, double farads) {
            conductance(a, b, device(CAPACITOR, farads));
        }

        /** Branch k's current leaves a and enters b; its row reads v_a − v_b (+ whatever else). */
        private void incidence(int a, int b, int k) {
            int d = device(FIXED, 1);
            entry(a, k, 1, d);
            entry(k, a, 1, d);
            entry(b, k, -1, d);
            entry(k, b, -1, d);
        }

        private int device(byte k, double v) {
            if (devices == kind.length) {
                kind = Arrays.copyOf(kind, 2 * devices);
                base = Arrays.copyOf(base, 2 * devices);
                transistorOf = Arrays.copyOf(transistorOf, 2 * devices);
            }
            kind[devices] = k;
            base[devices] = v;
            transistorOf[devices] = -1;
            return devices++;
        }

        private void entry(int i, int j, double c, int d) {
            if (i == GND || j == GND) return;
            if (entries == row.length) {
                row = Arrays.copyOf(row, 2 * entries);
                col = Arrays.copyOf(col, 2 * entries);
                coef = Arrays.copyOf(coef, 2 * entries);
                dev = Arrays.copyOf(dev, 2 * entries);
            }
            row[entries] = i;
            col[entries] = j;
            coef[entries] = c;
            dev[entries++] = d;
        }
    }

    /** Cells of pass 1: kind, output node, stack node, ammeter node, ladder nodes. */
    private static final class Cells {
        int count;
        int[] type = new int[256];
        int[] out = new int[256];
        int[] stack = new int[256];
        int[] amm = new int[256];
        int[] ladderStart = new int[256];
        int[] ladderLen = new int[256];

        int add(int t) {
            if (count == type.length) {
                int c = 2 * count;
                type = Arrays.copyOf(type, c);
                out = Arrays.copyOf(out, c);
                stack = Arrays.copyOf(stack, c);
                amm = Arrays.copyOf(amm, c);
                ladderStart = Arrays.copyOf(ladderStart, c);
                ladderLen = Arrays.copyOf(ladderLen, c);
            }
            type[count] = t;
            return count++;
        }

        /** Where a pin on cell c's net connects: its output or a node along its ladder. */
        int loadNode(int c, SplittableRandom rnd) {
            int r = rnd.nextInt(ladderLen[c] + 1);
            return r == 0 ? out[c] : ladderStart[c] + r - 1;
        }
    }
}
