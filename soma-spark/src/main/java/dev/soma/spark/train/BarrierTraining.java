package dev.soma.spark.train;

import dev.soma.SomaException;
import dev.soma.nn.Module;
import dev.soma.spark.data.Block;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * The barrier strategy ({@link Sync#BARRIER}) for both modes: one Spark barrier job per epoch. The driver sends the
 * weights and optimizer state once; the tasks ({@link BarrierTask}) meet at the driver's {@link Rendezvous}, connect
 * to each other and synchronize among themselves at every step (mode 1) or every k steps (mode 2); partition 0
 * returns the epoch's final weights and state. The driver keeps the optimizer state as safetensors bytes between
 * epochs (for the next epoch and for checkpoints).
 *
 * <p>Spark does not rerun a barrier result stage that lost a task; the driver reruns the epoch itself (up to
 * {@link #MAX_ATTEMPTS} runs) from the same weights and state, so the result does not change. All partitions' tasks
 * run at once, so the cluster needs a free task slot per partition; otherwise training fails before the first epoch
 * with one line saying how many slots there are — or, given a collect runner ({@link Sync#AUTO}), hands the epoch and
 * the rest of training to it, with the weights and optimizer state so far (the same sums in the same order).
 */
final class BarrierTraining implements EpochRunner {
    /** How long to wait for executors to register before the slot check fails (not in local mode). */
    private static final long SLOT_WAIT_MILLIS = 60_000;
    /** The same wait when collect can take over instead (AUTO): a cluster that lacks slots then loses little time. */
    private static final long AUTO_SLOT_WAIT_MILLIS = 10_000;
    /** Runs of one epoch before its failure ends training (Spark's default for retrying a stage). */
    static final int MAX_ATTEMPTS = 4;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BarrierTraining.class);

    private final TrainSpec spec;
    private final JavaRDD<Block> blocks;
    private final long n;
    private final Module model;
    private byte[] state;
    private Rendezvous rendezvous;
    /** The collect strategy to continue with when the slots run short (AUTO), else null. */
    private final EpochRunner collect;
    /** Whether training has moved to {@link #collect}. */
    private boolean collecting;

    BarrierTraining(TrainSpec spec, JavaRDD<Block> blocks, long n, Module model, EpochRunner collect) {
        this.collect = collect;
        this.spec = spec;
        this.blocks = blocks;
        this.n = n;
        this.model = model;
    }

    @Override
    public EpochResult run(int epoch, double lr) {
        if (collecting) {
            return collect.run(epoch, lr);
        }
        if (rendezvous == null) {
            if (!enoughSlots(epoch)) {
                return collect.run(epoch, lr);
            }
            rendezvous = new Rendezvous(blocks.context().conf().get("spark.driver.host"), blocks.getNumPartitions());
        }
        long t0 = System.nanoTime();
        List<PartResult> parts = null;
        for (int attempt = 0; parts == null; attempt++) {
            try {
                parts = runJob(epoch, lr, attempt);
            } catch (Exception e) { // SparkException is a checked exception thrown undeclared
                if (attempt + 1 >= MAX_ATTEMPTS || SparkFailures.oneLine(e) instanceof SomaException) {
                    throw translate(e);
                }
                // a lost task fails a barrier result stage for good: rerun the epoch from the same weights and state
                LOG.warn("soma: barrier epoch {} failed ({}); running it again, attempt {} of {}", epoch + 1,
                        firstLine(e), attempt + 2, MAX_ATTEMPTS);
                if (!enoughSlots(epoch)) {
                    return collect.run(epoch, lr);
                }
            }
        }
        double lossSum = 0;
        double correct = 0;
        long seen = 0;
        for (PartResult r : parts) {
            lossSum += r.lossSum;
            correct += r.correct;
            seen += r.examples;
        }
        PartResult first = parts.get(0);
        FlatParams.set(model.parameters(), first.values);
        if (spec.mode == Mode.GRADIENT || spec.averageOptimizerState) {
            state = first.optimizerState;
        }
        int batches = EpochOrder.batches(n, spec.batchSize);
        int syncs = spec.mode == Mode.GRADIENT ? batches : (batches + spec.k - 1) / spec.k;
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new EpochResult(epoch + 1, lossSum / Math.max(seen, 1),
                spec.classification ? correct / Math.max(seen, 1) : Double.NaN, seconds, seen, syncs,
                first.computeNanos / 1e9);
    }

    /**
     * Whether every partition has a task slot. When not: with a collect runner (AUTO), moves training to it (with the
     * optimizer state so far) and returns false; without, fails with {@link #checkSlots}'s line.
     */
    private boolean enoughSlots(int epoch) {
        try {
            checkSlots(blocks.context(), blocks.getNumPartitions(),
                    collect == null ? SLOT_WAIT_MILLIS : AUTO_SLOT_WAIT_MILLIS);
            return true;
        } catch (SomaException e) {
            if (collect == null) {
                throw e;
            }
            LOG.warn("soma: {}; epoch {} on synchronizes through the driver (collect)", e.getMessage(), epoch + 1);
            collect.loadOptimizerState(optimizerState());
            collecting = true;
            return false;
        }
    }

    private List<PartResult> runJob(int epoch, double lr, int attempt) {
        ClassTag<PartResult> tag = ClassTag$.MODULE$.apply(PartResult.class);
        RDD<PartResult> rdd = blocks.rdd().barrier().mapPartitions(new EpochTask(spec, n,
                FlatParams.get(model.parameters()), state, lr, epoch, rendezvous.address(), attempt), false, tag);
        return JavaRDD.fromRDD(rdd, tag).collect();
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Fails with one line unless the cluster can run one task per partition at once (waiting for executors). */
    static void checkSlots(SparkContext sc, int partitions, long waitMillis) {
        if (sc.conf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            throw new SomaException("barrier synchronization does not work with spark.dynamicAllocation.enabled=true"
                    + " (Spark's barrier mode needs a fixed set of executors); disable it or use --sync collect");
        }
        long deadline = System.currentTimeMillis() + (sc.isLocal() ? 0 : waitMillis);
        int slots = slots(sc);
        while (slots < partitions && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            slots = slots(sc);
        }
        if (slots < partitions) {
            throw new SomaException(slotsMessage(partitions, slots));
        }
    }

    private static int slots(SparkContext sc) {
        return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
    }

    private static String slotsMessage(int partitions, int slots) {
        return "barrier synchronization runs all " + partitions + " partitions at once, but the cluster has "
                + (slots < 0 ? "fewer" : Integer.toString(slots)) + " task slots; use at most "
                + (slots < 0 ? "as many" : Integer.toString(slots)) + " partitions (--partitions) or --sync collect";
    }

    /** Spark's own slot-check failure (executors lost after the check) as one line; anything else unchanged. */
    private RuntimeException translate(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.contains("SPARK-24819")) {
                return new SomaException(slotsMessage(blocks.getNumPartitions(), -1), e);
            }
        }
        return SparkFailures.oneLine(e);
    }

    @Override
    public void close() {
        if (rendezvous != null) {
            rendezvous.close();
        }
    }

    @Override
    public byte[] optimizerState() {
        if (collecting) {
            return collect.optimizerState();
        }
        return state != null ? state : OptimizerStates.toBytes(spec.newOptimizer(model));
    }

    @Override
    public void loadOptimizerState(byte[] s) {
        state = s;
    }

    /** The barrier stage's function: the partition's one block in, its {@link PartResult} out. */
    private static final class EpochTask extends AbstractFunction1<scala.collection.Iterator<Block>,
            scala.collection.Iterator<PartResult>> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final TrainSpec spec;
        private final long n;
        private final float[] w;
        private final byte[] state;
        private final double lr;
        private final int epoch;
        private final String rendezvous;
        private final int attempt;

        EpochTask(TrainSpec spec, long n, float[] w, byte[] state, double lr, int epoch, String rendezvous,
                  int attempt) {
            this.rendezvous = rendezvous;
            this.attempt = attempt;
            this.spec = spec;
            this.n = n;
            this.w = w;
            this.state = state;
            this.lr = lr;
            this.epoch = epoch;
        }

        @Override
        public scala.collection.Iterator<PartResult> apply(scala.collection.Iterator<Block> it) {
            if (!it.hasNext()) {
                throw new SomaException("barrier synchronization: a partition without its data block");
            }
            PartResult r = BarrierTask.run(spec, n, w, state, lr, epoch, it.next(), rendezvous, attempt);
            return scala.jdk.javaapi.CollectionConverters.asScala(List.of(r).iterator());
        }
    }
}
