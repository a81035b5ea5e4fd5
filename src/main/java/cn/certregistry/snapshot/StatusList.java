package cn.certregistry.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The status snapshot's file (docs/status-snapshot.md): two bits per status index, in the style of W3C Bitstring
 * Status List (index 0 in the most significant bits of the first byte), then the day since when, for each index whose
 * bits are not zero, in index order, then the indexes of the certificates issued outside their body's approval, in
 * increasing order; gzip around all three. Free of framework types: a verifier needs this class alone.
 */
public final class StatusList {

    /** What the two bits say; an index whose bits are zero is not suspended, withdrawn or cancelled. */
    public enum Code {
        IN_FORCE, SUSPENDED, WITHDRAWN, CANCELLED
    }

    /** A certificate not in force: its status index, its status and the day since when. */
    public record NotInForce(long index, Code code, LocalDate since) {
    }

    /** What an index shows: its code, and the day since when unless it is in force. */
    public record Lookup(Code code, LocalDate since) {
    }

    /** More than a register of 50 million certificates: a file claiming more is refused before any allocation. */
    public static final long MAX_ENTRIES = 200_000_000L;

    /** An index of the third part: an unsigned 32-bit integer. */
    private static final int NOT_APPROVED_BYTES = 4;

    private final long entries;
    private final byte[] bits;
    private final short[] sinceDays;
    private final long[] notApproved;
    private final int[] rankEvery256;

    private StatusList(long entries, byte[] bits, short[] sinceDays, long[] notApproved) {
        this.entries = entries;
        this.bits = bits;
        this.sinceDays = sinceDays;
        this.notApproved = notApproved;
        requireIncreasingBelowEntries(notApproved, entries);
        rankEvery256 = new int[(int) (entries / 256) + 1];
        int rank = 0;
        for (long index = 0; index < entries; index++) {
            if (index % 256 == 0) {
                rankEvery256[(int) (index / 256)] = rank;
            }
            if (code(index) != 0) {
                rank++;
            }
        }
        if (rank != sinceDays.length) {
            throw new IllegalArgumentException("The file has " + sinceDays.length + " days for " + rank + " certificates not in force");
        }
    }

    /**
     * The gzip file of {@code entries} indexes in which those of {@code notInForce} (in index order) are set, and which
     * lists {@code notApproved} (in increasing order) as issued outside an approval.
     */
    public static byte[] write(long entries, List<NotInForce> notInForce, long[] notApproved) {
        if (entries < 0 || entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("entries " + entries);
        }
        requireIncreasingBelowEntries(notApproved, entries);
        byte[] bits = new byte[bitBytes(entries)];
        ByteBuffer days = ByteBuffer.allocate(2 * notInForce.size());
        long previous = -1;
        for (NotInForce certificate : notInForce) {
            long index = certificate.index();
            if (index <= previous || index >= entries || certificate.code() == Code.IN_FORCE) {
                throw new IllegalArgumentException("index " + index + " out of order, out of range or in force");
            }
            previous = index;
            bits[(int) (index / 4)] |= (byte) (certificate.code().ordinal() << (6 - 2 * (index % 4)));
            long day = certificate.since().toEpochDay();
            if (day < 0 || day > 0xFFFF) {
                throw new IllegalArgumentException("day " + certificate.since());
            }
            days.putShort((short) day);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(file)) {
            gzip.write(bits);
            gzip.write(days.array());
            ByteBuffer indexes = ByteBuffer.allocate(NOT_APPROVED_BYTES * notApproved.length);
            for (long index : notApproved) {
                indexes.putInt((int) index);
            }
            gzip.write(indexes.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toByteArray();
    }

    /**
     * Reads a file of {@code entries} indexes, {@code notInForce} of them set and {@code notApproved} listed (as its note
     * says); refuses one that is not what {@link #write} makes of them.
     */
    public static StatusList read(byte[] file, long entries, long notInForce, long notApproved) {
        if (entries < 0 || entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("entries " + entries);
        }
        if (notInForce < 0 || notInForce > entries || notApproved < 0 || notApproved > entries) {
            throw new IllegalArgumentException("not-in-force " + notInForce + " or not-approved " + notApproved + " of " + entries);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            // exactly as many bytes as the note says: read no more than that, whatever the file inflates to
            byte[] bits = in.readNBytes(bitBytes(entries));
            byte[] days = in.readNBytes((int) (2 * notInForce));
            byte[] indexes = in.readNBytes((int) (NOT_APPROVED_BYTES * notApproved));
            if (bits.length != bitBytes(entries) || days.length != 2 * notInForce
                    || indexes.length != NOT_APPROVED_BYTES * notApproved || in.read() != -1) {
                throw new IllegalArgumentException("The file is not ceil(entries / 4) + 2 × not-in-force + 4 × not-approved bytes");
            }
            short[] sinceDays = new short[days.length / 2];
            ByteBuffer.wrap(days).asShortBuffer().get(sinceDays);
            long[] notApprovedIndexes = new long[(int) notApproved];
            ByteBuffer listed = ByteBuffer.wrap(indexes);
            for (int i = 0; i < notApprovedIndexes.length; i++) {
                notApprovedIndexes[i] = Integer.toUnsignedLong(listed.getInt());
            }
            return new StatusList(entries, bits, sinceDays, notApprovedIndexes);
        } catch (IOException e) {
            throw new IllegalArgumentException("The file is not gzip", e);
        }
    }

    public long entries() {
        return entries;
    }

    /** The status of an index, or null for one beyond the snapshot (a certificate newer than it). */
    public Lookup lookup(long index) {
        if (index < 0 || index >= entries) {
            return null;
        }
        int code = code(index);
        if (code == 0) {
            return new Lookup(Code.IN_FORCE, null);
        }
        int rank = rankEvery256[(int) (index / 256)];
        for (long before = index - index % 256; before < index; before++) {
            if (code(before) != 0) {
                rank++;
            }
        }
        return new Lookup(Code.values()[code], LocalDate.ofEpochDay(Short.toUnsignedInt(sinceDays[rank])));
    }

    /** Whether the certificate of an index was issued when its body's approval did not cover it (its scheme on its issue date). */
    public boolean issuedOutsideApproval(long index) {
        return Arrays.binarySearch(notApproved, index) >= 0;
    }

    private static void requireIncreasingBelowEntries(long[] indexes, long entries) {
        long previous = -1;
        for (long index : indexes) {
            if (index <= previous || index >= entries) {
                throw new IllegalArgumentException("not-approved index " + index + " out of order or out of range");
            }
            previous = index;
        }
    }

    private int code(long index) {
        return (bits[(int) (index / 4)] >> (6 - 2 * (index % 4))) & 0b11;
    }

    private static int bitBytes(long entries) {
        return (int) ((entries + 3) / 4);
    }
}
