package io.beliefstream.streams.internal;

/**
 * A set of 64-bit values with open addressing in one {@code long[]} (8 bytes and no object per entry), holding at
 * most {@code capacity} values: when full, it is cleared (the caller counts that) rather than grown. Zero is stored
 * as a reserved slot flag. Not thread-safe.
 */
final class LongSet {
    private final int capacity;
    private long[] table;
    private boolean hasZero;
    private int size;

    LongSet(int capacity) {
        this.capacity = capacity;
        this.table = new long[Math.max(16, Integer.highestOneBit(Math.max(1, capacity) * 2 - 1) << 1)];
    }

    /** Adds {@code v}; returns false when the set was full and had to be cleared first. */
    boolean add(long v) {
        if (capacity == 0) {
            return false;
        }
        boolean kept = true;
        if (size >= capacity) {
            clear();
            kept = false;
        }
        if (v == 0) {
            if (!hasZero) {
                hasZero = true;
                size++;
            }
            return kept;
        }
        int mask = table.length - 1;
        int i = (int) mix(v) & mask;
        while (table[i] != 0) {
            if (table[i] == v) {
                return kept;
            }
            i = (i + 1) & mask;
        }
        table[i] = v;
        size++;
        return kept;
    }

    boolean contains(long v) {
        if (v == 0) {
            return hasZero;
        }
        int mask = table.length - 1;
        int i = (int) mix(v) & mask;
        while (table[i] != 0) {
            if (table[i] == v) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    /** Removes {@code v} (backward-shift deletion keeps probe chains intact). */
    void remove(long v) {
        if (v == 0) {
            if (hasZero) {
                hasZero = false;
                size--;
            }
            return;
        }
        int mask = table.length - 1;
        int i = (int) mix(v) & mask;
        while (table[i] != 0) {
            if (table[i] == v) {
                table[i] = 0;
                size--;
                int j = (i + 1) & mask;
                while (table[j] != 0) {
                    long w = table[j];
                    table[j] = 0;
                    size--;
                    add(w);
                    j = (j + 1) & mask;
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    void clear() {
        java.util.Arrays.fill(table, 0);
        hasZero = false;
        size = 0;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** A 64-bit FNV-1a hash of a string's UTF-16 code units. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
