// Command logcheck checks what the register's log library (cn.certregistry.log) wrote, with code the
// register did not write: golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog.
//
// Usage: logcheck DIR
//
// DIR holds, as GoCrossCheckTest writes them:
//
//	vkey          the log's verifier key
//	checkpoint    the signed checkpoint (a C2SP signed note)
//	entries       one line per entry: base64(entry) base64(our leaf hash)
//	inclusion     lines: index base64(hash)... , an audit path into the checkpoint's tree
//	consistency   lines: oldSize base64(oldRoot) base64(hash)... , a proof from oldSize to the checkpoint
//	tlog-proofs/  C2SP tlog-proof texts
//	tile/         the C2SP tiles and entry bundles of the checkpoint's tree
//
// It prints OK and exits 0 when everything verifies, or prints FAIL and the first failure and exits 1.
package main

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const tileHeight = 8

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: logcheck DIR")
		os.Exit(2)
	}
	summary, err := check(os.Args[1])
	if err != nil {
		fmt.Println("FAIL:", err)
		os.Exit(1)
	}
	fmt.Println("OK", summary)
}

type store struct {
	hashes []tlog.Hash // every stored hash, in tlog's StoredHashIndex order
}

func (s *store) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(s.hashes)) {
			return nil, fmt.Errorf("hash %d not stored", x)
		}
		out[i] = s.hashes[x]
	}
	return out, nil
}

func check(dir string) (string, error) {
	read := func(name string) (string, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		return string(b), err
	}

	// The checkpoint: note.Open with the verifier key, then its three lines.
	vkey, err := read("vkey")
	if err != nil {
		return "", err
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(vkey))
	if err != nil {
		return "", fmt.Errorf("verifier key: %v", err)
	}
	signed, err := read("checkpoint")
	if err != nil {
		return "", err
	}
	tree, err := openCheckpoint(signed, verifier)
	if err != nil {
		return "", err
	}

	// The entries: tlog's record hashes must be our leaf hashes, and tlog's tree over them our checkpoint.
	entriesText, err := read("entries")
	if err != nil {
		return "", err
	}
	var entries [][]byte
	for i, line := range lines(entriesText) {
		f := strings.Split(line, " ") // an empty entry is an empty first field
		if len(f) != 2 {
			return "", fmt.Errorf("entries line %d: want entry and leaf hash", i)
		}
		entry, err := base64.StdEncoding.DecodeString(f[0])
		if err != nil {
			return "", fmt.Errorf("entry %d: %v", i, err)
		}
		leaf, err := tlog.ParseHash(f[1])
		if err != nil {
			return "", fmt.Errorf("leaf hash %d: %v", i, err)
		}
		if tlog.RecordHash(entry) != leaf {
			return "", fmt.Errorf("entry %d: tlog.RecordHash is %v, our leaf hash %v", i, tlog.RecordHash(entry), leaf)
		}
		entries = append(entries, entry)
	}
	if int64(len(entries)) != tree.N {
		return "", fmt.Errorf("%d entries for a checkpoint of size %d", len(entries), tree.N)
	}
	s := &store{}
	for i, entry := range entries {
		h, err := tlog.StoredHashes(int64(i), entry, s)
		if err != nil {
			return "", err
		}
		s.hashes = append(s.hashes, h...)
	}
	th, err := tlog.TreeHash(tree.N, s)
	if err != nil {
		return "", err
	}
	if th != tree.Hash {
		return "", fmt.Errorf("checkpoint root %v, but tlog.TreeHash of the entries is %v", tree.Hash, th)
	}

	// Audit paths: tlog.CheckRecord, and each the very proof tlog.ProveRecord makes.
	inclusionText, err := read("inclusion")
	if err != nil {
		return "", err
	}
	inclusions := lines(inclusionText)
	for _, line := range inclusions {
		f := strings.Fields(line)
		index, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || index < 0 || index >= tree.N {
			return "", fmt.Errorf("inclusion line %q: bad index", line)
		}
		proof, err := parseHashes(f[1:])
		if err != nil {
			return "", fmt.Errorf("inclusion of %d: %v", index, err)
		}
		if err := tlog.CheckRecord(tlog.RecordProof(proof), tree.N, tree.Hash, index, tlog.RecordHash(entries[index])); err != nil {
			return "", fmt.Errorf("inclusion of %d: tlog.CheckRecord: %v", index, err)
		}
		theirs, err := tlog.ProveRecord(tree.N, index, s)
		if err != nil {
			return "", err
		}
		if !sameHashes(theirs, proof) {
			return "", fmt.Errorf("inclusion of %d: not the proof tlog.ProveRecord makes", index)
		}
	}

	// Consistency proofs: tlog.CheckTree, old roots as tlog computes them, proofs as tlog.ProveTree makes them.
	consistencyText, err := read("consistency")
	if err != nil {
		return "", err
	}
	consistencies := lines(consistencyText)
	for _, line := range consistencies {
		f := strings.Fields(line)
		if len(f) < 2 {
			return "", fmt.Errorf("consistency line %q: want old size and old root", line)
		}
		old, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || old < 1 || old > tree.N {
			return "", fmt.Errorf("consistency line %q: bad old size", line)
		}
		oldRoot, err := tlog.ParseHash(f[1])
		if err != nil {
			return "", fmt.Errorf("consistency from %d: old root: %v", old, err)
		}
		proof, err := parseHashes(f[2:])
		if err != nil {
			return "", fmt.Errorf("consistency from %d: %v", old, err)
		}
		if err := tlog.CheckTree(tlog.TreeProof(proof), tree.N, tree.Hash, old, oldRoot); err != nil {
			return "", fmt.Errorf("consistency from %d: tlog.CheckTree: %v", old, err)
		}
		if want, _ := tlog.TreeHash(old, s); want != oldRoot {
			return "", fmt.Errorf("consistency from %d: old root %v, tlog.TreeHash %v", old, oldRoot, want)
		}
		theirs, err := tlog.ProveTree(tree.N, old, s)
		if err != nil {
			return "", err
		}
		if !sameHashes(theirs, proof) {
			return "", fmt.Errorf("consistency from %d: not the proof tlog.ProveTree makes", old)
		}
	}

	// tlog-proof texts: read here by hand, checked with note.Open and tlog.CheckRecord.
	proofFiles, err := os.ReadDir(filepath.Join(dir, "tlog-proofs"))
	if err != nil {
		return "", err
	}
	for _, file := range proofFiles {
		text, err := read(filepath.Join("tlog-proofs", file.Name()))
		if err != nil {
			return "", err
		}
		if err := checkTlogProof(text, verifier, entries); err != nil {
			return "", fmt.Errorf("tlog-proof %s: %v", file.Name(), err)
		}
	}

	// Tiles: exactly the files tlog.NewTiles lists for the tree, each as tlog.ReadTileData makes it, and
	// authenticated against the checkpoint by tlog.TileHashReader; entry bundles match the level 0 tiles.
	want := map[string]bool{}
	for _, t := range tlog.NewTiles(tileHeight, 0, tree.N) {
		// tlog lists a partial tile of every width up to the tree's, as the Go checksum database publishes
		// a tree at every size; a C2SP log serves the partial tiles of its checkpoints only, here one.
		if t.W != 1<<tileHeight && int64(t.W) != (tree.N>>(tileHeight*t.L))&(1<<tileHeight-1) {
			continue
		}
		path := c2spPath(t)
		want[path] = true
		data, err := os.ReadFile(filepath.Join(dir, path))
		if err != nil {
			return "", fmt.Errorf("tile %s: %v", path, err)
		}
		theirs, err := tlog.ReadTileData(t, s)
		if err != nil {
			return "", err
		}
		if !bytes.Equal(data, theirs) {
			return "", fmt.Errorf("tile %s: not the data tlog.ReadTileData makes", path)
		}
		if t.L == 0 {
			bundlePath := "tile/entries/" + strings.TrimPrefix(path, "tile/0/")
			want[bundlePath] = true
			if err := checkBundle(filepath.Join(dir, bundlePath), t, data, entries); err != nil {
				return "", fmt.Errorf("entry bundle %s: %v", bundlePath, err)
			}
		}
	}
	var have []string
	err = filepath.WalkDir(filepath.Join(dir, "tile"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		have = append(have, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(have)
	for _, p := range have {
		if !want[p] {
			return "", fmt.Errorf("tile %s is not a tile of the tree of %d", p, tree.N)
		}
	}
	if len(have) != len(want) {
		return "", fmt.Errorf("%d tile files, tlog lists %d", len(have), len(want))
	}
	thr := tlog.TileHashReader(tree, &fileTiles{dir})
	if h, err := tlog.TreeHash(tree.N, thr); err != nil || h != tree.Hash {
		return "", fmt.Errorf("tree hash through tlog.TileHashReader: %v %v", h, err)
	}
	for _, index := range []int64{0, tree.N / 2, tree.N - 1} {
		p, err := tlog.ProveRecord(tree.N, index, thr)
		if err != nil {
			return "", fmt.Errorf("proof of %d through tlog.TileHashReader: %v", index, err)
		}
		if err := tlog.CheckRecord(p, tree.N, tree.Hash, index, tlog.RecordHash(entries[index])); err != nil {
			return "", fmt.Errorf("proof of %d from the tiles: %v", index, err)
		}
	}

	return fmt.Sprintf("tree %d, %d audit paths, %d consistency proofs, %d tlog-proofs, %d tiles and bundles",
		tree.N, len(inclusions), len(consistencies), len(proofFiles), len(have)), nil
}

func openCheckpoint(signed string, verifier note.Verifier) (tlog.Tree, error) {
	n, err := note.Open([]byte(signed), note.VerifierList(verifier))
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("checkpoint: note.Open: %v", err)
	}
	f := strings.Split(n.Text, "\n")
	if len(f) != 4 || f[3] != "" {
		return tlog.Tree{}, errors.New("checkpoint: not three lines")
	}
	if f[0] != verifier.Name() {
		return tlog.Tree{}, fmt.Errorf("checkpoint: origin %q is not the key's name %q", f[0], verifier.Name())
	}
	size, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil || size < 1 || strconv.FormatInt(size, 10) != f[1] {
		return tlog.Tree{}, fmt.Errorf("checkpoint: size %q", f[1])
	}
	hash, err := tlog.ParseHash(f[2])
	if err != nil {
		return tlog.Tree{}, fmt.Errorf("checkpoint: root: %v", err)
	}
	return tlog.Tree{N: size, Hash: hash}, nil
}

func checkTlogProof(text string, verifier note.Verifier, entries [][]byte) error {
	header := "c2sp.org/tlog-proof@v1\n"
	if !strings.HasPrefix(text, header) {
		return errors.New("no header")
	}
	body := text[len(header):]
	split := strings.Index(body, "\n\n")
	if split < 0 {
		return errors.New("no blank line before the checkpoint")
	}
	head := strings.Split(body[:split], "\n")
	if strings.HasPrefix(head[0], "extra ") {
		head = head[1:]
	}
	if len(head) == 0 || !strings.HasPrefix(head[0], "index ") {
		return errors.New("no index line")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(head[0], "index "), 10, 64)
	if err != nil || index < 0 || index >= int64(len(entries)) {
		return fmt.Errorf("index %q", head[0])
	}
	proof, err := parseHashes(head[1:])
	if err != nil {
		return err
	}
	tree, err := openCheckpoint(body[split+2:], verifier)
	if err != nil {
		return err
	}
	if err := tlog.CheckRecord(tlog.RecordProof(proof), tree.N, tree.Hash, index, tlog.RecordHash(entries[index])); err != nil {
		return fmt.Errorf("tlog.CheckRecord: %v", err)
	}
	return nil
}

func checkBundle(path string, t tlog.Tile, tile []byte, entries [][]byte) error {
	bundle, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for i := 0; i < t.W; i++ {
		if len(bundle) < 2 {
			return fmt.Errorf("ends before entry %d", i)
		}
		n := int(bundle[0])<<8 | int(bundle[1])
		if len(bundle) < 2+n {
			return fmt.Errorf("ends inside entry %d", i)
		}
		entry := bundle[2 : 2+n]
		bundle = bundle[2+n:]
		index := t.N<<tileHeight + int64(i)
		if !bytes.Equal(entry, entries[index]) {
			return fmt.Errorf("entry %d is not the log's", index)
		}
		h := tlog.RecordHash(entry)
		if !bytes.Equal(h[:], tile[i*tlog.HashSize:(i+1)*tlog.HashSize]) {
			return fmt.Errorf("entry %d does not hash to its level 0 tile hash", index)
		}
	}
	if len(bundle) != 0 {
		return fmt.Errorf("%d bytes after its %d entries", len(bundle), t.W)
	}
	return nil
}

// c2spPath is tlog's tile path without its height element: tile/8/L/N[.p/W] is C2SP's tile/L/N[.p/W].
func c2spPath(t tlog.Tile) string {
	return "tile/" + strings.TrimPrefix(t.Path(), fmt.Sprintf("tile/%d/", tileHeight))
}

type fileTiles struct{ dir string }

func (f *fileTiles) Height() int { return tileHeight }

func (f *fileTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := os.ReadFile(filepath.Join(f.dir, c2spPath(t)))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (f *fileTiles) SaveTiles([]tlog.Tile, [][]byte) {}

func parseHashes(fields []string) ([]tlog.Hash, error) {
	var out []tlog.Hash
	for _, f := range fields {
		h, err := tlog.ParseHash(f)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

func sameHashes(a, b []tlog.Hash) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func lines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if line != "" {
			out = append(out, line)
		}
	}
	return out
}
