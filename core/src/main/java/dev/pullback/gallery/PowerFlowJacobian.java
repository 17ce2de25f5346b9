package dev.pullback.gallery;

import dev.pullback.storage.CooBuilder;
import dev.pullback.storage.CscMatrix;
import java.util.Arrays;
import java.util.HashSet;
import java.util.SplittableRandom;

/**
 * The Newton Jacobian of AC power flow in polar coordinates on a synthetic meshed transmission grid:
 * J = ∂(P, Q)/∂(θ, |V|), as MATPOWER's newtonpf forms it from S = diag(V)·conj(Y·V).
 *
 * <p>Grid: buses at random points of the unit square, added one at a time, each joined by a line to
 * the nearest bus already placed (the first buses are far apart: a long-line backbone, as in a
 * high-voltage network; the later ones hang locally off it). Then about 0.4 extra lines per bus to
 * one of its six nearest neighbours (meshing), and one long line per 50 buses to a bus up to eight
 * bucket spacings away; about 1.4 branches per bus, as in real transmission systems.
 * Lines: series x in proportion to length (0.01–0.2 p.u. typical), X/R in [4, 12], line charging;
 * one branch in eight is a transformer (no charging, off-nominal tap in [0.95, 1.05]) and one in a
 * hundred a phase shifter (±10°); one bus in twenty has a shunt. Bus admittance Y: for a branch f–t
 * with series y, charging b, tap a = τ·e^{jφ}: Y_ff += (y + jb/2)/τ², Y_tt += y + jb/2,
 * Y_ft −= y/conj(a), Y_tf −= y/a.
 *
 * <p>Operating point: |V| in [0.95, 1.05], angles a smooth field across the grid (about ±0.3 rad)
 * plus a little noise per bus.
 *
 * <p>Bus types and unknowns (documented choice): one slack bus (θ and |V| given; no equation),
 * PV buses (generators, |V| given: the P equation and θ only), PQ buses (P and Q equations, θ and
 * |V|). The unknowns are numbered bus by bus, θ then |V| for a PQ bus, θ alone for a PV bus, and
 * equation i is the mismatch of unknown i's kind at its bus (P for θ, Q for |V|), so
 * n = 2·(buses − 1) − pv and every branch gives a dense 2×2 (or 2×1, 1×1) block at both (f, t) and
 * (t, f). The pattern is symmetric (entries that happen to be zero are stored); the values are not.
 * The size picks the bus count so that n is exactly as asked with about one PV bus per five buses.
 */
public final class PowerFlowJacobian {
    private PowerFlowJacobian() {}

    /** A Jacobian of order exactly n (n ≥ 8), deterministic per seed. */
    public static CscMatrix generate(int n, long seed) {
        return Case.random(n, seed).jacobian();
    }

    /** A network, its bus types (as the unknowns' numbering) and a voltage state. */
    record Case(Network net, int[] theta, int[] vm, double[] vr, double[] vi, int n) {
        /** ∂(P, Q)/∂(θ, |V|) at the state. */
        CscMatrix jacobian() {
            return net.jacobian(vr, vi, theta, vm, n);
        }

        /** The unknowns at the state: θ and |V| in the numbering of the Jacobian's columns. */
        double[] unknowns() {
            double[] x = new double[n];
            for (int i = 0; i < theta.length; i++) {
                if (theta[i] >= 0) x[theta[i]] = Math.atan2(vi[i], vr[i]);
                if (vm[i] >= 0) x[vm[i]] = Math.hypot(vr[i], vi[i]);
            }
            return x;
        }

        /** P and Q of S = diag(V)·conj(Y·V), in the numbering of the Jacobian's rows, for unknowns x. */
        double[] injections(double[] x) {
            int buses = theta.length;
            double[] wr = new double[buses], wi = new double[buses];
            for (int i = 0; i < buses; i++) {
                double ang = theta[i] >= 0 ? x[theta[i]] : Math.atan2(vi[i], vr[i]);
                double mag = vm[i] >= 0 ? x[vm[i]] : Math.hypot(vr[i], vi[i]);
                wr[i] = mag * Math.cos(ang);
                wi[i] = mag * Math.sin(ang);
            }
            double[] out = new double[n];
            for (int i = 0; i < buses; i++) {
                double ir = 0, ii = 0;
                for (int p = net.rowPtr[i]; p < net.rowPtr[i + 1]; p++) {
                    int j = net.col[p];
                    ir += net.g[p] * wr[j] - net.b[p] * wi[j];
                    ii += net.g[p] * wi[j] + net.b[p] * wr[j];
                }
                // V·conj(I) = (wr ir + wi ii) + j(wi ir − wr ii)
                if (theta[i] >= 0) out[theta[i]] = wr[i] * ir + wi[i] * ii;
                if (vm[i] >= 0) out[vm[i]] = wi[i] * ir - wr[i] * ii;
            }
            return out;
        }

        static Case random(int n, long seed) {
            if (n < 8) throw new IllegalArgumentException("power flow Jacobian needs n >= 8, got " + n);
            // n = 2(N-1) - pv with pv ≈ (N-1)/5: N - 1 = round(n / 1.8), pv = 2(N-1) - n
            int nonSlack = (int) Math.round(n / 1.8);
            int pv = 2 * nonSlack - n;
            if (pv < 0 || pv > nonSlack) throw new IllegalStateException("bus count " + nonSlack + " cannot give n = " + n);
            int buses = nonSlack + 1;
            SplittableRandom rnd = new SplittableRandom(seed);
            Network net = Network.random(buses, rnd);

            // bus types: slack = the bus nearest the centre; pv of the others at random (partial shuffle)
            int slack = 0;
            for (int i = 1; i < buses; i++) {
                if (dist2(net.x[i], net.y[i], 0.5, 0.5) < dist2(net.x[slack], net.y[slack], 0.5, 0.5)) slack = i;
            }
            int[] order = new int[buses - 1];
            for (int i = 0, k = 0; i < buses; i++) if (i != slack) order[k++] = i;
            boolean[] isPv = new boolean[buses];
            for (int k = 0; k < pv; k++) {
                int r = k + rnd.nextInt(order.length - k);
                int t = order[r];
                order[r] = order[k];
                order[k] = t;
                isPv[t] = true;
            }
            int[] theta = new int[buses], vm = new int[buses];
            int next = 0;
            for (int i = 0; i < buses; i++) {
                theta[i] = i == slack ? -1 : next++;
                vm[i] = i == slack || isPv[i] ? -1 : next++;
            }
            if (next != n) throw new IllegalStateException("numbered " + next + " unknowns, expected " + n);

            // voltage state
            RandomField field = new RandomField(rnd.nextLong());
            double[] vr = new double[buses], vi = new double[buses];
            for (int i = 0; i < buses; i++) {
                double mag = isPv[i] || i == slack ? rnd.nextDouble(0.98, 1.05) : rnd.nextDouble(0.95, 1.05);
                double ang = 0.2 * field.at(net.x[i], net.y[i], 0.5) + rnd.nextDouble(-0.01, 0.01);
                vr[i] = mag * Math.cos(ang);
                vi[i] = mag * Math.sin(ang);
            }
            return new Case(net, theta, vm, vr, vi, n);
        }
    }

    private static double dist2(double x0, double y0, double x1, double y1) {
        return (x0 - x1) * (x0 - x1) + (y0 - y1) * (y0 - y1);
    }

    /** Buses in the unit square and the bus admittance matrix Y in CSR form (diagonal included). */
    static final class Network {
        final double[] x;
        final double[] y;
        final int[] rowPtr;
        final int[] col;
        final double[] g;
        final double[] b;

        private Network(double[] x, double[] y, int[] rowPtr, int[] col, double[] g, double[] b) {
            this.x = x;
            this.y = y;
            this.rowPtr = rowPtr;
            this.col = col;
            this.g = g;
            this.b = b;
        }

        static Network random(int buses, SplittableRandom rnd) {
            double[] x = new double[buses], y = new double[buses];
            for (int i = 0; i < buses; i++) {
                x[i] = rnd.nextDouble();
                y[i] = rnd.nextDouble();
            }
            Buckets grid = new Buckets(x, y);
            HashSet<Long> lines = new HashSet<>();
            int[] from = new int[2 * buses], to = new int[2 * buses];
            int branches = 0;
            grid.insert(0);
            for (int i = 1; i < buses; i++) {
                int j = grid.nearest(i);
                lines.add(key(i, j));
                from[branches] = i;
                to[branches++] = j;
                grid.insert(i);
            }
            int[] near = new int[6];
            for (int i = 0; i < buses; i++) {
                int j = -1;
                if (rnd.nextDouble() < 0.4) {
                    int k = grid.nearestSix(i, near);
                    if (k > 0) j = near[rnd.nextInt(k)];
                } else if (rnd.nextInt(50) == 0) {
                    j = grid.randomFar(rnd, i);
                }
                if (j < 0 || j == i || !lines.add(key(i, j))) continue;
                if (branches == from.length) {
                    from = Arrays.copyOf(from, 2 * branches);
                    to = Arrays.copyOf(to, 2 * branches);
                }
                from[branches] = i;
                to[branches++] = j;
            }
            // admittance triplets, then CSR with duplicates (the diagonal) summed
            double typical = 1 / Math.sqrt(buses);
            int cap = 4 * branches + buses;
            int[] ti = new int[cap], tj = new int[cap];
            double[] tg = new double[cap], tb = new double[cap];
            int t = 0;
            for (int i = 0; i < buses; i++) {
                ti[t] = tj[t] = i;
                if (rnd.nextInt(20) == 0) tb[t] = rnd.nextDouble(-0.1, 0.2); // shunt capacitor or reactor
                t++;
            }
            for (int k = 0; k < branches; k++) {
                int f = from[k], s = to[k];
                double len = Math.sqrt(dist2(x[f], y[f], x[s], y[s])) / typical;
                double kind = rnd.nextDouble();
                double xs, rs, charging = 0, tap = 1, shift = 0;
                if (kind < 0.125) { // transformer
                    xs = rnd.nextDouble(0.02, 0.2);
                    rs = xs / rnd.nextDouble(20, 50);
                    tap = rnd.nextDouble(0.95, 1.05);
                    if (kind < 0.01) shift = Math.toRadians(rnd.nextDouble(-10, 10));
                } else {
                    xs = Math.min(0.3, Math.max(0.005, 0.05 * len * rnd.nextDouble(0.7, 1.3)));
                    rs = xs / rnd.nextDouble(4, 12);
                    charging = xs * rnd.nextDouble(0.1, 0.6);
                }
                double den = rs * rs + xs * xs, ys_g = rs / den, ys_b = -xs / den;
                // Y_ff += (y + jb/2)/τ², Y_tt += y + jb/2, Y_ft −= y/(τe^{−jφ}), Y_tf −= y/(τe^{jφ})
                double c = Math.cos(shift), sn = Math.sin(shift);
                ti[t] = tj[t] = f;
                tg[t] = ys_g / (tap * tap);
                tb[t++] = (ys_b + charging / 2) / (tap * tap);
                ti[t] = tj[t] = s;
                tg[t] = ys_g;
                tb[t++] = ys_b + charging / 2;
                // y/(τe^{−jφ}) = y·e^{jφ}/τ
                ti[t] = f;
                tj[t] = s;
                tg[t] = -(ys_g * c - ys_b * sn) / tap;
                tb[t++] = -(ys_g * sn + ys_b * c) / tap;
                ti[t] = s;
                tj[t] = f;
                tg[t] = -(ys_g * c + ys_b * sn) / tap;
                tb[t++] = -(ys_b * c - ys_g * sn) / tap;
            }
            int[] rowPtr = new int[buses + 1];
            for (int q = 0; q < t; q++) rowPtr[ti[q] + 1]++;
            for (int i = 0; i < buses; i++) rowPtr[i + 1] += rowPtr[i];
            int[] fill = Arrays.copyOf(rowPtr, buses);
            int[] col = new int[t];
            double[] g = new double[t], b = new double[t];
            for (int q = 0; q < t; q++) {
                int p = fill[ti[q]]++;
                col[p] = tj[q];
                g[p] = tg[q];
                b[p] = tb[q];
            }
            // the diagonal of each row appears several times: fold it into its first occurrence
            int[] newPtr = new int[buses + 1];
            int w = 0;
            for (int i = 0; i < buses; i++) {
                int diag = -1;
                for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                    if (col[p] == i && diag >= 0) {
                        g[diag] += g[p];
                        b[diag] += b[p];
                        continue;
                    }
                    if (col[p] == i) diag = w;
                    col[w] = col[p];
                    g[w] = g[p];
                    b[w++] = b[p];
                }
                newPtr[i + 1] = w;
            }
            return new Network(x, y, newPtr, Arrays.copyOf(col, w), Arrays.copyOf(g, w), Arrays.copyOf(b, w));
        }

        private static long key(int i, int j) {
            return i < j ? (long) i << 32 | j : (long) j << 32 | i;
        }

        /**
         * J from dS/dθ = j·diag(V)·conj(diag(I) − Y·diag(V)) and
         * dS/d|V| = diag(V)·conj(Y·diag(V/|V|)) + conj(diag(I))·diag(V/|V|), I = Y·V:
         * off the diagonal dS_i/dθ_j = −j·V_i·conj(Y_ij V_j), dS_i/d|V_j| = V_i·conj(Y_ij V_j/|V_j|).
         * Rows P_i, Q_i take the real and imaginary parts.
         */
        CscMatrix jacobian(double[] vr, double[] vi, int[] theta, int[] vm, int n) {
            int buses = x.length;
            double[] ir = new double[buses], ii = new double[buses];
            for (int i = 0; i < buses; i++) {
                for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                    int j = col[p];
                    ir[i] += g[p] * vr[j] - b[p] * vi[j];
                    ii[i] += g[p] * vi[j] + b[p] * vr[j];
                }
            }
            CooBuilder out = new CooBuilder(n, n, 4 * col.length);
            for (int i = 0; i < buses; i++) {
                if (theta[i] < 0) continue; // the slack bus has no equation
                for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                    int j = col[p];
                    if (theta[j] < 0) continue;
                    // w = Y_ij·V_j
                    double wr = g[p] * vr[j] - b[p] * vi[j], wi = g[p] * vi[j] + b[p] * vr[j];
                    double ar, ai; // dS_i/dθ_j
                    double mr, mi; // dS_i/d|V_j|
                    double mag = Math.hypot(vr[j], vi[j]);
                    if (i != j) {
                        // −j·V_i·conj(w): V_i·conj(w) = (vr wr + vi wi) + j(vi wr − vr wi)
                        double pr = vr[i] * wr + vi[i] * wi, pi = vi[i] * wr - vr[i] * wi;
                        ar = pi;
                        ai = -pr;
                        mr = pr / mag;
                        mi = pi / mag;
                    } else {
                        // j·V_i·conj(I_i − w)
                        double dr = ir[i] - wr, di = ii[i] - wi;
                        double pr = vr[i] * dr + vi[i] * di, pi = vi[i] * dr - vr[i] * di;
                        ar = -pi;
                        ai = pr;
                        // V_i·conj(w)/|V_i| + conj(I_i)·V_i/|V_i|
                        double qr = vr[i] * wr + vi[i] * wi, qi = vi[i] * wr - vr[i] * wi;
                        double sr = ir[i] * vr[i] + ii[i] * vi[i], si = ir[i] * vi[i] - ii[i] * vr[i];
                        mr = (qr + sr) / mag;
                        mi = (qi + si) / mag;
                    }
                    out.add(theta[i], theta[j], ar);
                    if (vm[j] >= 0) out.add(theta[i], vm[j], mr);
                    if (vm[i] >= 0) {
                        out.add(vm[i], theta[j], ai);
                        if (vm[j] >= 0) out.add(vm[i], vm[j], mi);
                    }
                }
            }
            return out.build(CooBuilder.Zeros.KEEP);
        }
    }

    /** Points in a square grid of buckets (about one point per bucket) for nearest-neighbour search. */
    private static final class Buckets {
        private final double[] x;
        private final double[] y;
        private final int side;
        private final int[] head;
        private final int[] next;

        Buckets(double[] x, double[] y) {
            this.x = x;
            this.y = y;
            side = Math.max(1, (int) Math.sqrt(x.length));
            head = new int[side * side];
            Arrays.fill(head, -1);
            next = new int[x.length];
        }

        private int cell(double v) {
            return Math.min(side - 1, (int) (v * side));
        }

        void insert(int i) {
            int c = cell(x[i]) + side * cell(y[i]);
            next[i] = head[c];
            head[c] = i;
        }

        /** The nearest inserted point to point i (not i): rings of buckets until none can be nearer. */
        int nearest(int i) {
            int cx = cell(x[i]), cy = cell(y[i]);
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int r = 0; r < side; r++) {
                if (best >= 0 && (r - 1.0) / side > Math.sqrt(bestD)) break;
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        if (Math.max(Math.abs(dx), Math.abs(dy)) != r) continue;
                        int bx = cx + dx, by = cy + dy;
                        if (bx < 0 || by < 0 || bx >= side || by >= side) continue;
                        for (int j = head[bx + side * by]; j >= 0; j = next[j]) {
                            double d = dist2(x[i], y[i], x[j], y[j]);
                            if (j != i && d < bestD) {
                                bestD = d;
                                best = j;
                            }
                        }
                    }
                }
            }
            return best;
        }

        /** Up to six points nearest to point i among the buckets within two rings; returns how many. */
        int nearestSix(int i, int[] out) {
            int cx = cell(x[i]), cy = cell(y[i]);
            double[] d = new double[out.length];
            int k = 0;
            for (int by = Math.max(0, cy - 2); by <= Math.min(side - 1, cy + 2); by++) {
                for (int bx = Math.max(0, cx - 2); bx <= Math.min(side - 1, cx + 2); bx++) {
                    for (int j = head[bx + side * by]; j >= 0; j = next[j]) {
                        if (j == i) continue;
                        double dj = dist2(x[i], y[i], x[j], y[j]);
                        if (k == out.length && dj >= d[k - 1]) continue;
                        int p = k == out.length ? k - 1 : k++;
                        while (p > 0 && d[p - 1] > dj) {
                            d[p] = d[p - 1];
                            out[p] = out[p - 1];
                            p--;
                        }
                        d[p] = dj;
                        out[p] = j;
                    }
                }
            }
            return k;
        }

        /** A point in a random bucket up to eight buckets away from point i's, or −1 if it is empty. */
        int randomFar(SplittableRandom rnd, int i) {
            int bx = cell(x[i]) + rnd.nextInt(-8, 9), by = cell(y[i]) + rnd.nextInt(-8, 9);
            if (bx < 0 || by < 0 || bx >= side || by >= side) return -1;
            return head[bx + side * by];
        }
    }
}
