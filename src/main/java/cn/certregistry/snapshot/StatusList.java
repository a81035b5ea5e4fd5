package cn.certregistry.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The status snapshot's file (docs/status-snapshot.md): two bits per status index, in the style of W3C Bitstring
 * Status List (index 0 in the most significant bits of the first byte), then the day since when, for each index whose
 * bits are not zero, in index order; gzip around both. Free of framework types: a verifier needs this class alone.
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

    private final long entries;
    private final byte[] bits;
    private final short[] sinceDays;
    private final int[] rankEvery256;

    private StatusList(long entries, byte[] bits, short[] sinceDays) {
        this.entries = entries;
        this.bits = bits;
        this.sinceDays = sinceDays;
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

    /** The gzip file of {@code entries} indexes in which those of {@code notInForce} (in index order) are set. */
    public static byte[] write(long entries, List<NotInForce> notInForce) {
        if (entries < 0 || entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("entries " + entries);
        }
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toByteArray();
    }

    /** Reads a file of {@code entries} indexes; refuses one that is not what {@link #write} makes. */
    public static StatusList read(byte[] file, long entries) {
        if (entries < 0 || entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("entries " + entries);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            byte[] bits = in.readNBytes(bitBytes(entries));
            if (bits.length != bitBytes(entries)) {
                throw new IllegalArgumentException("The file is shorter than its bits");
            }
            // the days are at most one per index: read no more than that, whatever the file inflates to
            byte[] days = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, 2 * entries + 1));
            if (days.length % 2 != 0 || days.length > 2 * entries) {
                throw new IllegalArgumentException("The file's days are not whole or too many");
            }
            short[] sinceDays = new short[days.length / 2];
            ByteBuffer.wrap(days).asShortBuffer().get(sinceDays);
            return new StatusList(entries, bits, sinceDays);
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

    private int code(long index) {
        return (bits[(int) (index / 4)] >> (6 - 2 * (index % 4))) & 0b11;
    }

    private static int bitBytes(long entries) {
        return (int) ((entries + 3) / 4);
    }
}
