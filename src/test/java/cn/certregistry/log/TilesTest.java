package cn.certregistry.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import cn.certregistry.log.Merkle.Node;
import cn.certregistry.log.Tiles.TileRef;

class TilesTest {

    @Test
    void pathsOfTheSpecification() {
        assertEquals("tile/0/x001/x234/067", Tiles.path(0, 1234067, 256));
        assertEquals("tile/4/x001/x234/067.p/1", Tiles.path(4, 1234067, 1));
        assertEquals("tile/entries/x001/x234/067.p/255", Tiles.entriesPath(1234067, 255));
        assertEquals("tile/0/000", Tiles.path(0, 0, 256));
        assertEquals("tile/1/999.p/17", Tiles.path(1, 999, 17));
        assertEquals("tile/63/x001/000", Tiles.path(63, 1000, 256));
        assertEquals("tile/2/x009/x223/x372/x036/x854/x775/807", Tiles.path(2, Long.MAX_VALUE, 256));
        assertEquals("tile/entries/000.p/5", Tiles.entriesPath(0, 5));
        assertThrows(IllegalArgumentException.class, () -> Tiles.path(64, 0, 256));
        assertThrows(IllegalArgumentException.class, () -> Tiles.path(0, -1, 256));
        assertThrows(IllegalArgumentException.class, () -> Tiles.path(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Tiles.path(0, 0, 257));
    }

    @Test
    void parseReadsBackEveryPath() {
        Random random = new Random(7);
        for (int i = 0; i < 5000; i++) {
            boolean entries = random.nextBoolean();
            int level = entries ? 0 : random.nextInt(64);
            long index = switch (i % 3) {
                case 0 -> random.nextInt(1000);
                case 1 -> random.nextInt(10_000_000);
                default -> random.nextLong() >>> 1;
            };
            int width = random.nextBoolean() ? 256 : 1 + random.nextInt(255);
            TileRef ref = new TileRef(entries, level, index, width);
            assertEquals(ref, TileRef.parse(ref.path()), ref.path());
        }
        assertEquals(new TileRef(false, 0, 1234067, 256), TileRef.parse("tile/0/x001/x234/067"));
        assertEquals(new TileRef(true, 0, 1234067, 3), TileRef.parse("tile/entries/x001/x234/067.p/3"));
    }

    @Test
    void parseRefusesAnythingElse() {
        String[] bad = {
                "", "tile", "tile/", "tile/0", "tile/0/", "/tile/0/000", "tile/0/000/", "tiles/0/000", "TILE/0/000",
                "tile/00/000", "tile/01/000", "tile/64/000", "tile/100/000", "tile/-1/000", "tile/+1/000", "tile/ 1/000",
                "tile/a/000", "tile/0/00", "tile/0/0000", "tile/0/1", "tile/0/x000", "tile/0/001/002", "tile/0/x001/x002",
                "tile/0/x000/001", "tile/0/x000/x001/002", "tile/0/y001/002", "tile/0/xx01/002", "tile/0/x01/002",
                "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/300", "tile/0/000.p/05", "tile/0/000.p/", "tile/0/000.p",
                "tile/0/000.p/1/2", "tile/0/000.q/5", "tile/0/x000.p/5", "tile/0/000.p/5.p/5", "tile/0.p/5",
                "tile/entries/00", "tile/entries/000.p/0", "tile/entries", "tile/entries/", "tile/data/000",
                "tile/0/x009/x223/x372/x036/x854/x775/808", "tile/0/x999/x999/x999/x999/x999/x999/x999/999",
                "tile/0/00a", "tile/0/0 1", "tile/0/\u0661\u0662\u0663", "tile/8/0/000", "tile/0/000?", "tile/0//000",
        };
        for (String path : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TileRef.parse(path), path);
            assertTrue(e.getMessage().startsWith("tile path"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TileRef.parse(null));
        assertThrows(IllegalArgumentException.class, () -> new TileRef(true, 1, 0, 256));
    }

    @Test
    void tilesOfTheSpecificationsTrees() {
        // 70,000: 273 full level 0 tiles, a partial one of width 112, a full level 1 tile, a partial one of 17,
        // a partial level 2 tile of width 1
        assertEquals(256, Tiles.width(0, 272, 70_000));
        assertEquals(112, Tiles.width(0, 273, 70_000));
        assertEquals(0, Tiles.width(0, 274, 70_000));
        assertEquals(256, Tiles.width(1, 0, 70_000));
        assertEquals(17, Tiles.width(1, 1, 70_000));
        assertEquals(0, Tiles.width(1, 2, 70_000));
        assertEquals(1, Tiles.width(2, 0, 70_000));
        assertEquals(0, Tiles.width(3, 0, 70_000));
        assertEquals(List.of("0:274", "1:2", "2:1"), tilesOf(70_000));
        // 256: a full level 0 tile and a partial level 1 tile of width 1
        assertEquals(256, Tiles.width(0, 0, 256));
        assertEquals(0, Tiles.width(0, 1, 256));
        assertEquals(1, Tiles.width(1, 0, 256));
        assertEquals(List.of("0:1", "1:1"), tilesOf(256));
        assertEquals(List.of(), tilesOf(0));
        assertEquals(0, Tiles.width(0, 0, 0));
        assertEquals(255, Tiles.width(0, 0, 255));
        assertEquals(1, Tiles.width(0, 1, 257));
        assertEquals(127, Tiles.width(7, 0, Long.MAX_VALUE));
        assertEquals(0, Tiles.width(8, 0, Long.MAX_VALUE));
        assertEquals(0, Tiles.width(63, 0, Long.MAX_VALUE));
        assertEquals(0, Tiles.width(0, Long.MAX_VALUE, Long.MAX_VALUE));
        assertEquals(256, Tiles.width(0, (Long.MAX_VALUE >>> 8) - 1, Long.MAX_VALUE));
        assertEquals(255, Tiles.width(0, Long.MAX_VALUE >>> 8, Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> Tiles.width(0, 0, -1));
    }

    /** "level:count of tiles" for each level with a tile, from {@link Tiles#width}. */
    private static List<String> tilesOf(long size) {
        List<String> levels = new ArrayList<>();
        for (int level = 0; level < 64; level++) {
            long count = 0;
            while (Tiles.width(level, count, size) > 0) {
                count++;
            }
            if (count > 0) {
                levels.add(level + ":" + count);
            }
        }
        return levels;
    }

    @Test
    void nodesOfATile() {
        assertEquals(List.of(new Node(0, 256), new Node(0, 257), new Node(0, 258)), Tiles.nodesOf(0, 1, 3));
        List<Node> full = Tiles.nodesOf(2, 3, 256);
        assertEquals(256, full.size());
        assertEquals(new Node(16, 768), full.get(0));
        assertEquals(new Node(16, 1023), full.get(255));
        assertEquals(127, Tiles.nodesOf(7, 0, 127).size());
        assertThrows(IllegalArgumentException.class, () -> Tiles.nodesOf(7, 0, 128));
        assertThrows(IllegalArgumentException.class, () -> Tiles.nodesOf(8, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Tiles.nodesOf(0, 1L << 56, 1));
        assertThrows(IllegalArgumentException.class, () -> Tiles.nodesOf(0, Long.MAX_VALUE, 1));
        assertEquals(new Node(0, Long.MAX_VALUE - 1), Tiles.nodesOf(0, Long.MAX_VALUE >>> 8, 255).get(254));
    }

    /**
     * Tiles read from a tree as the store holds it: each hash of a level 1 tile is the tree hash of the full
     * level 0 tile below it, and a partial tile is the start of the full one it becomes.
     */
    @Test
    void aTileAboveHoldsTheHashesOfTheFullTilesBelow() {
        MemoryTree tree = new MemoryTree();
        Random random = new Random(11);
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            byte[] entry = new byte[8];
            random.nextBytes(entry);
            entries.add(entry);
        }
        tree.append(entries);
        List<byte[]> level1 = tree.read(Tiles.nodesOf(1, 0, 256));
        for (int n = 0; n < 256; n++) {
            List<byte[]> tile = tree.read(Tiles.nodesOf(0, n, 256));
            List<byte[]> row = tile;
            while (row.size() > 1) {
                List<byte[]> up = new ArrayList<>();
                for (int i = 0; i < row.size(); i += 2) {
                    up.add(Merkle.nodeHash(row.get(i), row.get(i + 1)));
                }
                row = up;
            }
            byte[] tileHash = row.get(0);
            assertArrayEquals(level1.get(n), tileHash, "level 1 hash " + n);
        }
        List<byte[]> partial = tree.read(Tiles.nodesOf(0, 273, Tiles.width(0, 273, 70_000)));
        assertEquals(112, partial.size());
        assertArrayEquals(Merkle.leafHash(entries.get(273 * 256 + 111)), partial.get(111));
        List<byte[]> bundle = Tiles.parseEntryBundle(Tiles.entryBundle(entries.subList(273 * 256, 70_000)));
        for (int i = 0; i < bundle.size(); i++) {
            assertArrayEquals(partial.get(i), Merkle.leafHash(bundle.get(i)));
        }
    }

    @Test
    void entryBundles() {
        List<byte[]> entries = List.of(new byte[0], new byte[] {1, 2, 3}, new byte[300], new byte[65535]);
        byte[] bundle = Tiles.entryBundle(entries);
        assertEquals(2 + 0 + 2 + 3 + 2 + 300 + 2 + 65535, bundle.length);
        assertArrayEquals(new byte[] {0, 0, 0, 3, 1, 2, 3, 1, 44}, java.util.Arrays.copyOf(bundle, 9));
        List<byte[]> parsed = Tiles.parseEntryBundle(bundle);
        assertEquals(entries.size(), parsed.size());
        for (int i = 0; i < entries.size(); i++) {
            assertArrayEquals(entries.get(i), parsed.get(i));
        }
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class, () -> Tiles.entryBundle(List.of(new byte[65536])));
        assertTrue(tooBig.getMessage().contains("65536"), tooBig.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tiles.entryBundle(List.of()));
        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            many.add(new byte[] {(byte) i});
        }
        assertEquals(256, Tiles.parseEntryBundle(Tiles.entryBundle(many.subList(0, 256))).size());
        assertThrows(IllegalArgumentException.class, () -> Tiles.entryBundle(many));
        byte[] tooMany = new byte[257 * 3];
        for (int i = 0; i < 257; i++) {
            tooMany[3 * i + 1] = 1;
        }
        assertThrows(IllegalArgumentException.class, () -> Tiles.parseEntryBundle(tooMany));
        assertThrows(IllegalArgumentException.class, () -> Tiles.parseEntryBundle(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> Tiles.parseEntryBundle(new byte[] {0}));
        assertThrows(IllegalArgumentException.class, () -> Tiles.parseEntryBundle(new byte[] {0, 3, 1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Tiles.parseEntryBundle(new byte[] {0, 1, 1, 0}));
        assertThrows(IllegalArgumentException.class, () -> Tiles.parseEntryBundle(new byte[] {(byte) 0xFF, (byte) 0xFF}));
    }
}
