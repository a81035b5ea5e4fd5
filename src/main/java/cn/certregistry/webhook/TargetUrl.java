package cn.certregistry.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;

/**
 * Where a subscription may send: an https address on the public internet. The register POSTs there on its own
 * initiative, so a target inside its network (loopback, private, link-local such as a cloud's metadata service)
 * would let a subscriber probe or drive internal services; such targets, credentials in the address and other
 * schemes are refused. The address is checked when the subscription is made, and again before every delivery,
 * since a name can later resolve elsewhere; the delivery then connects to the addresses checked ({@link PinnedPost}).
 */
public final class TargetUrl {

    public static final int MAX_LENGTH = 2000;

    private TargetUrl() {
    }

    /** The target, checked; a malformed one is a 400, a well-formed one the register will not reach a 422. */
    public static URI check(String given, boolean allowLocal) {
        if (given == null || given.isBlank()) {
            throw ProblemException.invalidParameter("url", "'url' is required.");
        }
        if (given.length() > MAX_LENGTH) {
            throw ProblemException.invalidParameter("url", "'url' has " + given.length() + " characters; at most " + MAX_LENGTH
                    + " are accepted.");
        }
        if (given.codePoints().anyMatch(c -> c <= 0x20 || c >= 0x7F)) {
            throw ProblemException.invalidParameter("url", "'url' must be an ASCII address without spaces or control characters"
                    + " (encode international names as punycode).");
        }
        URI uri;
        try {
            uri = new URI(given);
        } catch (URISyntaxException e) {
            throw ProblemException.invalidParameter("url", "'url' is not an address: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw ProblemException.invalidParameter("url", "'url' must be an https address.");
        }
        if (uri.getRawUserInfo() != null) {
            throw ProblemException.invalidParameter("url", "'url' must not carry credentials (user:password@).");
        }
        if (uri.getHost() == null || uri.getRawAuthority() == null) {
            throw ProblemException.invalidParameter("url", "'url' must name a host.");
        }
        if (uri.getRawFragment() != null) {
            throw ProblemException.invalidParameter("url", "'url' must not have a fragment (#...).");
        }
        if (scheme.equals("http") && !(allowLocal && isLoopbackName(uri.getHost()))) {
            throw ProblemException.invalidParameter("url", "'url' must be an https address: deliveries are not sent in the clear.");
        }
        refusal(uri, allowLocal).ifPresent(reason -> {
            throw new ProblemException(ProblemType.INVALID_SUBSCRIPTION, "The register does not deliver to " + uri.getHost()
                    + ": " + reason + ".", "url");
        });
        return uri;
    }

    /** The addresses a target's host resolves to now, every one of which the register may send to; or why it may not. */
    public record Resolution(List<InetAddress> addresses, Optional<String> refusal) {
    }

    /** Resolves the target's host once: a delivery connects to these addresses, never to a later answer for the name. */
    public static Resolution resolve(URI uri, boolean allowLocal) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return new Resolution(List.of(), Optional.of("the name does not resolve"));
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = refusal(address, allowLocal);
            if (refused.isPresent()) {
                return new Resolution(List.of(), refused);
            }
        }
        return new Resolution(List.of(addresses), Optional.empty());
    }

    /** Why the register will not send to this address now, if it will not: every address the host resolves to must do. */
    public static Optional<String> refusal(URI uri, boolean allowLocal) {
        return resolve(uri, allowLocal).refusal();
    }

    static Optional<String> refusal(InetAddress address, boolean allowLocal) {
        for (InetAddress carried : carriedIpv4(address)) {
            Optional<String> refused = refusal(carried, allowLocal);
            if (refused.isPresent()) {
                return Optional.of(address.getHostAddress() + " carries " + refused.get());
            }
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress() || isReserved(address)) {
            return Optional.of(address.getHostAddress() + " is not an address of one host");
        }
        boolean local = address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || isPrivate(address);
        if (local && !allowLocal) {
            return Optional.of(address.getHostAddress() + " is a loopback, private or link-local address");
        }
        return Optional.empty();
    }

    /**
     * The IPv4 addresses an IPv6 address carries, which a packet to it may reach: IPv4-mapped and -compatible
     * ({@code ::ffff:a.b.c.d}, {@code ::a.b.c.d}), NAT64 ({@code 64:ff9b::/96}), 6to4 ({@code 2002::/16}) and Teredo
     * ({@code 2001::/32}: its server, and its client, stored inverted).
     */
    static List<InetAddress> carriedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return List.of();
        }
        byte[] b = address.getAddress();
        List<InetAddress> carried = new ArrayList<>();
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !address.isLoopbackAddress() && !address.isAnyLocalAddress();
        boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B;
        if (mapped || compatible || nat64) {
            carried.add(ipv4(b[12], b[13], b[14], b[15]));
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            carried.add(ipv4(b[2], b[3], b[4], b[5]));
        } else if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            carried.add(ipv4(b[4], b[5], b[6], b[7]));
            carried.add(ipv4((byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]));
        }
        return carried;
    }

    private static InetAddress ipv4(byte a, byte b, byte c, byte d) {
        try {
            return InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    private static boolean isLoopbackName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost")) {
            return true;
        }
        try {
            // a literal only: no name lookup here
            return (name.matches("[0-9.]+") || name.startsWith("[")) && InetAddress.getByName(name).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Shared and special-purpose IPv4 space that the JDK does not classify (RFC 6598, 6890), and IPv6 unique-local. */
    private static boolean isPrivate(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            return first == 100 && second >= 64 && second < 128 // carrier-grade NAT
                    || first == 198 && (second == 18 || second == 19) // benchmarking
                    || first == 192 && second == 0 && (b[2] & 0xFF) == 0; // IETF protocol assignments
        }
        return address instanceof Inet6Address && (b[0] & 0xFE) == 0xFC; // fc00::/7
    }

    private static boolean isReserved(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            return first == 0 || first >= 240;
        }
        return false;
    }
}
