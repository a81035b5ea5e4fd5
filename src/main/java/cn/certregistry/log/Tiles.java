package cn.certregistry.log;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import cn.certregistry.log.Merkle.Node;

/**
 * The static resources of C2SP tlog-tiles: tiles of height 8 (256 hashes, a full tile 8192 bytes), their
 * paths, entry bundles, and which tiles a tree of a given size has.
 */
public final class Tiles {

    /** Tree levels per tile level. */
    public static final int HEIGHT = 8;
    /** Hashes in a full tile, and entries in a full bundle. */
    public static final int WIDTH = 1 << HEIGHT;
    /** The largest entry a bundle's uint16 length prefix can carry. */
    public static final int MAX_ENTRY_SIZE = 0xFFFF;

    private Tiles() {
    }

    /** A tile or entry bundle and its width: 256 for a full one, 1..255 for a partial one. */
    public record TileRef(boolean entries, int level, long index, int width) {

        public TileRef {
            if (entries && level != 0) {
                throw new IllegalArgumentException("an entry bundle has no level");
            }
            requireTile(level, index, width);
        }

        /** The path {@link #parse} reads back. */
        public String path() {
            return entries ? entriesPath(index, width) : Tiles.path(level, index, width);
        }

        /**
         * {@code tile/<L>/<N>[.p/<W>]} or {@code tile/entries/<N>[.p/<W>]}, in its one canonical form: a level
         * of 0..63 and a width of 1..255 without leading zeroes, the index in 3-digit groups all but the last
         * prefixed {@code x} and without a leading group of zeroes.
         */
        public static TileRef parse(String path) {
            if (path == null || !path.startsWith("tile/")) {
                throw bad(path, "does not start with tile/");
            }
            String[] parts = path.split("/", -1);
            if (parts.length < 3) {
                throw bad(path, "has no tile index");
            }
            boolean entries = parts[1].equals("entries");
            int level = entries ? 0 : decimal(path, parts[1], "level", 63);
            int last = parts.length - 1;
            int width = WIDTH;
            if (parts.length >= 4 && parts[last - 1].endsWith(".p")) {
                width = decimal(path, parts[last], "width", WIDTH - 1);
                if (width == 0) {
                    throw bad(path, "has a partial width of 0");
                }
                parts[last - 1] = parts[last - 1].substring(0, parts[last - 1].length() - 2);
                last--;
            }
            long index = 0;
            for (int i = 2; i <= last; i++) {
                String group = parts[i];
                if (i < last) {
                    if (!group.startsWith("x")) {
                        throw bad(path, "has an index group " + group + " without its x");
                    }
                    group = group.substring(1);
                }
                if (group.length() != 3 || !group.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw bad(path, "has an index group that is not 3 digits");
                }
                try {
                    index = Math.addExact(Math.multiplyExact(index, 1000), Integer.parseInt(group));
                } catch (ArithmeticException e) {
                    throw bad(path, "has an index too large");
                }
            }
            TileRef ref = new TileRef(entries, level, index, width);
            if (!ref.path().equals(path)) {
                throw bad(path, "is not in canonical form (" + ref.path() + ")");
            }
            return ref;
        }

        private static int decimal(String path, String digits, String what, int max) {
            if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                    || digits.length() > 1 && digits.charAt(0) == '0') {
                throw bad(path, "has a " + what + " that is not a decimal without leading zeroes");
            }
            int value = Integer.parseInt(digits);
            if (value > max) {
                throw bad(path, "has a " + what + " over " + max);
            }
            return value;
        }

        private static IllegalArgumentException bad(String path, String why) {
            return new IllegalArgumentException("tile path " + (path == null ? "null" : '"' + path + '"') + " " + why);
        }
    }

    /** {@code tile/<L>/<N>[.p/<W>]}; a width of 256 is a full tile, without the suffix. */
    public static String path(int level, long index, int width) {
        requireTile(level, index, width);
        return "tile/" + level + "/" + indexPath(index) + suffix(width);
    }

    /** {@code tile/entries/<N>[.p/<W>]}. */
    public static String entriesPath(long index, int width) {
        requireTile(0, index, width);
        return "tile/entries/" + indexPath(index) + suffix(width);
    }

    /** The Merkle nodes the tile holds, in order: tree level 8·level, indexes 256·index onwards. */
    public static List<Node> nodesOf(int level, long index, int width) {
        requireTile(level, index, width);
        if (level * HEIGHT > 62) {
            throw new IllegalArgumentException("tile level " + level + " holds nodes above any tree of at most 2^63-1 leaves");
        }
        long first;
        try {
            first = Math.multiplyExact(index, WIDTH);
            // the last node's own check tells whether the whole tile fits in a tree of at most 2^63-1 leaves
            new Node(level * HEIGHT, Math.addExact(first, width - 1));
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new IllegalArgumentException("tile (" + level + ", " + index + ") of width " + width
                    + " is beyond any tree of at most 2^63-1 leaves");
        }
        List<Node> nodes = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            nodes.add(new Node(level * HEIGHT, first + i));
        }
        return nodes;
    }

    /**
     * The width of tile {@code (level, index)} in a tree of {@code size} leaves: 256 when full, 1..255 when
     * partial, 0 when the tree has no such tile. The same holds for entry bundles at level 0.
     */
    public static int width(int level, long index, long size) {
        if (level < 0 || index < 0 || size < 0) {
            throw new IllegalArgumentException("tile (" + level + ", " + index + ") in a tree of " + size + " is negative");
        }
        if (level * HEIGHT >= 63) {
            return 0;
        }
        long complete = size >>> (level * HEIGHT); // complete nodes at the tile's tree level
        long before = complete >>> HEIGHT;
        if (index > before) {
            return 0;
        }
        if (index < before) {
            return WIDTH;
        }
        return (int) (complete & (WIDTH - 1));
    }

    /** Entries, each after its big-endian uint16 length. */
    public static byte[] entryBundle(List<byte[]> entries) {
        if (entries.isEmpty() || entries.size() > WIDTH) {
            throw new IllegalArgumentException("an entry bundle holds 1 to " + WIDTH + " entries, not " + entries.size());
        }
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        for (byte[] entry : entries) {
            if (entry.length > MAX_ENTRY_SIZE) {
                throw new IllegalArgumentException("an entry of " + entry.length + " bytes is over the " + MAX_ENTRY_SIZE + " an entry bundle can carry");
            }
            bundle.write(entry.length >>> 8);
            bundle.write(entry.length & 0xFF);
            bundle.writeBytes(entry);
        }
        return bundle.toByteArray();
    }

    /** The entries of a bundle, refusing a truncated one, trailing bytes, or more than 256 entries. */
    public static List<byte[]> parseEntryBundle(byte[] bundle) {
        List<byte[]> entries = new ArrayList<>();
        int at = 0;
        while (at < bundle.length) {
            if (entries.size() == WIDTH) {
                throw new IllegalArgumentException("entry bundle holds more than " + WIDTH + " entries");
            }
            if (bundle.length - at < 2) {
                throw new IllegalArgumentException("entry bundle ends inside the length of entry " + entries.size());
            }
            int length = (bundle[at] & 0xFF) << 8 | bundle[at + 1] & 0xFF;
            at += 2;
            if (bundle.length - at < length) {
                throw new IllegalArgumentException("entry bundle ends inside entry " + entries.size() + " of " + length + " bytes");
            }
            entries.add(Arrays.copyOfRange(bundle, at, at + length));
            at += length;
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("entry bundle is empty");
        }
        return entries;
    }

    private static String indexPath(long index) {
        StringBuilder path = new StringBuilder(String.format("%03d", index % 1000));
        for (long n = index / 1000; n > 0; n /= 1000) {
            path.insert(0, String.format("x%03d/", n % 1000));
        }
        return path.toString();
    }

    private static String suffix(int width) {
        return width == WIDTH ? "" : ".p/" + width;
    }

    private static void requireTile(int level, long index, int width) {
        if (level < 0 || level > 63) {
            throw new IllegalArgumentException("tile level " + level + " is not in 0..63");
        }
        if (index < 0) {
            throw new IllegalArgumentException("tile index " + index + " is negative");
        }
        if (width < 1 || width > WIDTH) {
            throw new IllegalArgumentException("tile width " + width + " is not in 1.." + WIDTH);
        }
    }
}
