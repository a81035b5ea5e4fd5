package cn.certregistry.common;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * A bounded cache without locks on reads: two generations of at most half the capacity each (in the weight's units:
 * entries, bytes). When the newer one is full it becomes the older one and the older one is dropped whole; a hit in the
 * older one moves to the newer one, so what is asked for often survives. Plain Java: the signing code uses it too.
 */
public final class GenerationalCache<K, V> {

    private record Generation<K, V>(ConcurrentHashMap<K, V> entries, AtomicLong weight) {

        Generation() {
            this(new ConcurrentHashMap<>(), new AtomicLong());
        }
    }

    private final long half;
    private final ToLongFunction<V> weigher;
    private volatile Generation<K, V> newer = new Generation<>();
    private volatile Generation<K, V> older = new Generation<>();

    /** A cache of at most {@code capacity} units, each value weighing what {@code weigher} says (at least 1). */
    public GenerationalCache(long capacity, ToLongFunction<V> weigher) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity " + capacity + " < 2");
        }
        this.half = capacity / 2;
        this.weigher = weigher;
    }

    /** A cache of at most {@code capacity} entries. */
    public static <K, V> GenerationalCache<K, V> ofEntries(long capacity) {
        return new GenerationalCache<>(capacity, value -> 1);
    }

    public V get(K key) {
        V value = newer.entries().get(key);
        if (value == null && (value = older.entries().get(key)) != null) {
            put(key, value);
        }
        return value;
    }

    /** Keeps the value unless it alone weighs more than a generation holds. */
    public void put(K key, V value) {
        long weight = Math.max(1, weigher.applyAsLong(value));
        if (weight > half) {
            return;
        }
        Generation<K, V> current = newer;
        if (current.weight().get() + weight > half) {
            synchronized (this) {
                if (newer == current) {
                    older = current;
                    newer = new Generation<>();
                }
            }
            current = newer;
        }
        if (current.entries().put(key, value) == null) {
            current.weight().addAndGet(weight);
        }
    }

    public void remove(K key) {
        newer.entries().remove(key);
        older.entries().remove(key);
    }

    /** The weight kept now: at most the capacity, give or take the entries of puts racing a generation's turn. */
    public long weight() {
        return newer.weight().get() + older.weight().get();
    }
}
