package cn.certregistry.document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import cn.certregistry.document.BidFiles.Copy;

/**
 * Writes a bid file for bench/document.sh: {@code pages} pages, every {@code every}-th a copy of one of the certificates (their
 * pages printed by headless Chromium from the running service), the copies in turn straight, rotated, scaled, upside
 * down, photographed and blotted; the others text.
 * Arguments: the service's address, the output file, the pages, every how many pages a copy, then certificate numbers.
 */
public final class BidFileBench {

    private BidFileBench() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0].replaceAll("/+$", "");
        Path out = Path.of(args[1]);
        int pages = Integer.parseInt(args[2]);
        int every = Integer.parseInt(args[3]);
        List<String> numbers = List.of(args).subList(4, args.length);
        byte[][] printed = new byte[numbers.size()][];
        for (int i = 0; i < numbers.size(); i++) {
            printed[i] = BidFiles.print(base + "/certificates/" + numbers.get(i));
        }
        BidFiles bid = new BidFiles();
        Copy[] copies = Copy.values();
        for (int page = 1; page <= pages; page++) {
            if (page % every == 3 % every) {
                int copy = page / every;
                bid.certificatePage(printed[copy % printed.length], copies[copy % copies.length]);
            } else {
                bid.textPage("Bid document, page " + page);
            }
        }
        Files.write(out, bid.bytes());
    }
}
