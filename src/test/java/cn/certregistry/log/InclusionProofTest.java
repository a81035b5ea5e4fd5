package cn.certregistry.log;

import static cn.certregistry.log.SignedNoteTest.assertReason;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

import cn.certregistry.log.VerificationException.Reason;

class InclusionProofTest {

    private static final String NAME = "certregistry.example/log";
    private static final Ed25519PrivateKeyParameters KEY = new Ed25519PrivateKeyParameters(new SecureRandom());
    private static final String VKEY = SignedNote.verifierKey(NAME, KEY.generatePublicKey());

    private static final MemoryTree TREE = new MemoryTree();
    private static final String CHECKPOINT;

    static {
        Random random = new Random(3);
        for (int i = 0; i < 300; i++) {
            byte[] entry = new byte[1 + random.nextInt(100)];
            random.nextBytes(entry);
            TREE.append(entry);
        }
        CHECKPOINT = SignedNote.sign(new Checkpoint(NAME, TREE.size(), Merkle.root(TREE.size(), TREE)).body(), NAME, KEY);
    }

    private static String proofOf(long index) {
        return InclusionProof.encode(index, Merkle.inclusionProof(index, TREE.size(), TREE), CHECKPOINT);
    }

    @Test
    void theTextForm() {
        List<byte[]> path = Merkle.inclusionProof(5, TREE.size(), TREE);
        StringBuilder expected = new StringBuilder("c2sp.org/tlog-proof@v1\nindex 5\n");
        for (byte[] hash : path) {
            expected.append(Base64.getEncoder().encodeToString(hash)).append('\n');
        }
        expected.append('\n').append(CHECKPOINT);
        assertEquals(expected.toString(), proofOf(5));
        InclusionProof parsed = InclusionProof.parse(proofOf(5));
        assertEquals(new InclusionProof(null, 5, path, CHECKPOINT), parsed);
        assertEquals(proofOf(5), parsed.text());
        assertNull(parsed.extra());
        // a tree of one entry has an empty audit path
        String one = SignedNote.sign(new Checkpoint(NAME, 1, Merkle.leafHash(new byte[] {7})).body(), NAME, KEY);
        String proof = InclusionProof.encode(0, List.of(), one);
        assertEquals("c2sp.org/tlog-proof@v1\nindex 0\n\n" + one, proof);
        assertEquals(new Checkpoint(NAME, 1, Merkle.leafHash(new byte[] {7})), InclusionProof.verify(proof, new byte[] {7}, VKEY));
    }

    @Test
    void theExampleOfTheSpecification() {
        String example = """
                c2sp.org/tlog-proof@v1
                extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ
                index 73894
                gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=
                B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=
                EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=
                RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=
                AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=

                example.com/fancylog
                109482
                sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=

                — example.com/fancylog hI2DJw[...]1roloI=
                — witness1.example mJirIklj[...]qY9v2B/5bg==
                """;
        InclusionProof proof = InclusionProof.parse(example);
        assertEquals(73894, proof.index());
        assertEquals(5, proof.hashes().size());
        assertArrayEquals(Base64.getDecoder().decode("YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ"), proof.extra());
        assertEquals(example.substring(example.indexOf("example.com/fancylog")), proof.checkpoint());
        assertEquals(example, proof.text());
        // its signatures are elided, so it is no note
        assertReason(Reason.MALFORMED, () -> InclusionProof.verify(example, new byte[0], VKEY));
    }

    @Test
    void everyEntryVerifies() {
        for (long index = 0; index < TREE.size(); index++) {
            assertEquals(TREE.size(), InclusionProof.verify(proofOf(index), TREE.entry(index), VKEY).size());
        }
        // beside a witness's cosignature
        String cosigned = proofOf(9) + "— witness.example/w1 " + Base64.getEncoder().encodeToString(new byte[72]) + "\n";
        InclusionProof.verify(cosigned, TREE.entry(9), VKEY);
    }

    @Test
    void whatDoesNotVerify() {
        String proof = proofOf(17);
        byte[] entry = TREE.entry(17);
        assertReason(Reason.BAD_PROOF, () -> InclusionProof.verify(proof, TREE.entry(18), VKEY));
        assertReason(Reason.BAD_PROOF, () -> InclusionProof.verify(proof, "other".getBytes(StandardCharsets.UTF_8), VKEY));
        assertReason(Reason.BAD_PROOF, () -> InclusionProof.verify(proof.replace("index 17\n", "index 16\n"), entry, VKEY));
        assertReason(Reason.BAD_PROOF, () -> InclusionProof.verify(proof.replace("index 17\n", "index 300\n"), entry, VKEY));
        assertReason(Reason.BAD_PROOF, () -> InclusionProof.verify(proof.replace("index 17\n", "index 9223372036854775807\n"), entry, VKEY));
        List<byte[]> path = Merkle.inclusionProof(17, TREE.size(), TREE);
        for (int i = 0; i < path.size(); i++) {
            String flipped = InclusionProof.encode(17, MerkleTest.flip(path, i, 100), CHECKPOINT);
            assertReason(Reason.BAD_PROOF, () -> InclusionProof.verify(flipped, entry, VKEY));
        }
        String shorter = InclusionProof.encode(17, path.subList(0, path.size() - 1), CHECKPOINT);
        assertReason(Reason.BAD_PROOF, () -> InclusionProof.verify(shorter, entry, VKEY));
        // the checkpoint of another tree, signed as well
        String other = SignedNote.sign(new Checkpoint(NAME, 299, Merkle.root(299, TREE)).body(), NAME, KEY);
        assertReason(Reason.BAD_PROOF, () -> InclusionProof.verify(InclusionProof.encode(17, path, other), entry, VKEY));

        String size = "\n" + TREE.size() + "\n";
        assertReason(Reason.BAD_SIGNATURE, () -> InclusionProof.verify(proof.replace(size, "\n301\n"), entry, VKEY));
        Ed25519PrivateKeyParameters stranger = new Ed25519PrivateKeyParameters(new SecureRandom());
        assertReason(Reason.UNKNOWN_KEY, () -> InclusionProof.verify(proof, entry, SignedNote.verifierKey(NAME, stranger.generatePublicKey())));
        String elsewhere = SignedNote.sign(new Checkpoint("elsewhere.example/log", TREE.size(), Merkle.root(TREE.size(), TREE)).body(), NAME, KEY);
        assertReason(Reason.WRONG_ORIGIN, () -> InclusionProof.verify(InclusionProof.encode(17, path, elsewhere), entry, VKEY));
        assertReason(Reason.MALFORMED, () -> InclusionProof.verify(proof, entry, "nonsense"));
    }

    @Test
    void malformedProofs() {
        String proof = proofOf(17);
        String hash = Base64.getEncoder().encodeToString(new byte[32]);
        List<String> bad = new ArrayList<>(List.of(
                "", "\n", proof.replace("c2sp.org/tlog-proof@v1", "c2sp.org/tlog-proof@v2"), proof.substring(1),
                proof.replace("index 17", "index 017"), proof.replace("index 17", "index -17"), proof.replace("index 17", "index  17"),
                proof.replace("index 17", "index"), proof.replace("index 17", "index 99999999999999999999"),
                proof.replace("index 17", "Index 17"), proof.replace("index 17\n", ""), proof.replace("\n\n", "\n"),
                proof.replace("index 17\n", "index 17\n" + hash.replace("=", "") + "\n"),
                proof.replace("index 17\n", "index 17\n" + hash + " \n"),
                proof.replace("index 17\n", "index 17\n" + Base64.getEncoder().encodeToString(new byte[31]) + "\n"),
                proof.replace("index 17\n", "extra \nindex 17\n"), proof.replace("index 17\n", "extra !!\nindex 17\n"),
                proof.replace("index 17\n", "index 17\n" + (hash + "\n").repeat(64)),
                proof.replace("\n", "\r\n"), proof.substring(0, proof.indexOf("\n\n") + 1),
                proof.substring(0, proof.indexOf("\n\n") + 2), proof.substring(0, proof.length() - 1)));
        for (String b : bad) {
            assertReason(Reason.MALFORMED, () -> InclusionProof.verify(b, TREE.entry(17), VKEY));
        }
        assertReason(Reason.MALFORMED, () -> InclusionProof.parse(null));
        assertThrows(IllegalArgumentException.class, () -> InclusionProof.encode(-1, List.of(), CHECKPOINT));
        assertThrows(IllegalArgumentException.class, () -> InclusionProof.encode(0, List.of(new byte[3]), CHECKPOINT));
        assertThrows(IllegalArgumentException.class, () -> InclusionProof.encode(0, List.of(), "no newline"));
        // the extra line, when there is one, is kept and not trusted
        String withExtra = new InclusionProof(new byte[] {1, 2}, 17, Merkle.inclusionProof(17, TREE.size(), TREE), CHECKPOINT).text();
        assertEquals(proof.replace("index 17\n", "extra AQI=\nindex 17\n"), withExtra);
        InclusionProof.verify(withExtra, TREE.entry(17), VKEY);
    }
}
