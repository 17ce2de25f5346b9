package dev.pullback.topopt;

import dev.pullback.storage.DenseVector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The top88 loop (Andreassen et al. 2011, density filter ft = 2) for any {@link Problem}: start
 * from the uniform design x = volfrac; each iteration evaluates c and ∂c/∂x on the
 * {@link StructuralModel}, updates x by {@link OptimalityCriteria}, and stops once max |x' − x| &lt; tol
 * or after maxIter iterations. Steady-state iterations allocate nothing except the
 * {@link Iteration} record they return (given a solver that allocates nothing).
 */
public final class TopologyOptimizer implements AutoCloseable {
    private final Settings settings;
    private final StructuralModel model;
    private final OptimalityCriteria oc;
    private DenseVector x;
    private DenseVector next;
    private final DenseVector gradient;
    private final DenseVector nextPhysical;
    private int iterations;
    private double lastChange = Double.POSITIVE_INFINITY;

    public TopologyOptimizer(Problem problem, Settings settings, LinearSolverFactory solvers) {
        this.settings = settings;
        this.model = new StructuralModel(problem, settings, solvers);
        try {
            this.oc = new OptimalityCriteria(model.filter(), settings.volfrac(), settings.move(), settings.damping(),
                    settings.floor());
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        int nel = model.elements();
        x = DenseVector.heap(nel);
        x.fill(settings.volfrac());
        next = DenseVector.heap(nel);
        gradient = DenseVector.heap(nel);
        nextPhysical = DenseVector.heap(nel);
        nextPhysical.copyFrom(x);
    }

    public Settings settings() {
        return settings;
    }

    public StructuralModel model() {
        return model;
    }

    /** The update rule (its filter is the model's). */
    public OptimalityCriteria optimalityCriteria() {
        return oc;
    }

    /** The current design x (one density per element, e = ely + elx·nely). */
    public DenseVector design() {
        return x;
    }

    /** The filtered current design x̃ = Hx/Hs, what the structure is made of. */
    public DenseVector physicalDesign() {
        return nextPhysical;
    }

    public int iterations() {
        return iterations;
    }

    /** Whether the last change was below tol or the iteration limit is reached. */
    public boolean done() {
        return lastChange < settings.tol() || iterations >= settings.maxIter();
    }

    /** Whether the last change was below tol. */
    public boolean converged() {
        return lastChange < settings.tol();
    }

    /** One iteration: evaluate, update, report. */
    public Iteration step() {
        PhaseClock clock = model.clock();
        clock.reset();
        double c = model.evaluate(x, gradient);
        clock.start(Phase.UPDATE);
        double change = oc.update(x, gradient, next, nextPhysical);
        DenseVector t = x;
        x = next;
        next = t;
        clock.stop();
        iterations++;
        lastChange = change;
        double volume = 0;
        for (int e = 0; e < model.elements(); e++) volume += nextPhysical.get(e);
        long[] nanos = new long[Phase.values().length];
        long[] bytes = new long[nanos.length];
        long[] cpu = new long[nanos.length];
        for (Phase p : Phase.values()) {
            nanos[p.ordinal()] = clock.nanos(p);
            cpu[p.ordinal()] = clock.cpuNanos(p);
            bytes[p.ordinal()] = clock.bytes(p);
        }
        return new Iteration(iterations, c, volume / model.elements(), change, nanos, cpu, bytes);
    }

    /** Iterates until {@link #done()}, handing every iteration to the listener; returns them all. */
    public List<Iteration> run(Consumer<Iteration> listener) {
        List<Iteration> all = new ArrayList<>();
        while (!done()) {
            Iteration it = step();
            all.add(it);
            listener.accept(it);
        }
        return all;
    }

    @Override
    public void close() {
        model.close();
    }
}
