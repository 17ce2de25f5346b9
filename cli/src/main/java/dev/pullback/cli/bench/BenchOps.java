package dev.pullback.cli.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The registry of {@code --op} names. */
public final class BenchOps {
    private final Map<String, BenchOp> ops = new LinkedHashMap<>();

    /** Every op Pullback knows; add new ones here, one line each. */
    public static BenchOps standard() {
        BenchOps r = new BenchOps();
        SparseKernelOps.registerAll(r);
        FactorizationOps.registerAll(r);
        return r;
    }

    /** Adds an op; its name must be new. */
    public BenchOps register(BenchOp op) {
        if (ops.putIfAbsent(op.name(), op) != null) throw new IllegalStateException("duplicate bench op " + op.name());
        return this;
    }

    /** Adds an op from a name, a description and its setup. */
    public BenchOps register(String name, String description, SetUp setUp) {
        return register(new BenchOp() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public Task prepare(BenchInput input) throws Exception {
                return setUp.prepare(input);
            }
        });
    }

    /** The setup of an op registered by name. */
    @FunctionalInterface
    public interface SetUp {
        BenchOp.Task prepare(BenchInput input) throws Exception;
    }

    /** The op of that name, or null. */
    public BenchOp get(String name) {
        return ops.get(name);
    }

    public Map<String, BenchOp> all() {
        return Collections.unmodifiableMap(ops);
    }

    /** "spmv, spmv-t, ..." for messages. */
    public String names() {
        return String.join(", ", ops.keySet());
    }
}
