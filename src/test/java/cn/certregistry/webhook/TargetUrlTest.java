package cn.certregistry.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;

/** The register posts only to public https addresses, whatever form the address takes. */
class TargetUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hook", "https://127.1.2.3:8443/", "https://[::1]/hook", "https://10.0.0.8/",
            "https://172.16.4.4/", "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data/", "https://[fe80::1]/",
            "https://[fc00::1]/", "https://[fd12:3456::1]/", "https://100.64.0.1/", "https://0.0.0.0/", "https://[::]/",
            "https://[::ffff:127.0.0.1]/", "https://[::ffff:10.0.0.1]/", "https://224.0.0.1/", "https://255.255.255.255/",
            "https://localhost/hook", "https://0x7f000001/", "https://2130706433/", "https://017700000001/"})
    void internalAddressesAreRefused(String url) {
        ProblemException refused = assertThrows(ProblemException.class, () -> TargetUrl.check(url, false), url);
        assertEquals("url", refused.parameter());
        assertEquals(ProblemType.INVALID_SUBSCRIPTION, refused.type(), url + ": " + refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://8.8.8.8/", "file:///etc/passwd", "gopher://8.8.8.8/", "http://8.8.8.8/hook", "https://user:pw@8.8.8.8/",
            "https://@8.8.8.8/", "https:///hook", "https://8.8.8.8/#x", "https://8.8.8.8/ hook", "https://例子.测试/", "//8.8.8.8/",
            "http://127.0.0.1/hook", "https://8.8.8.8/\r\nX-Injected: 1", "javascript:alert(1)", ""})
    void otherSchemesCredentialsAndMalformedAddressesAreRefused(String url) {
        ProblemException refused = assertThrows(ProblemException.class, () -> TargetUrl.check(url, false), url);
        assertEquals(ProblemType.INVALID_PARAMETER, refused.type(), url + ": " + refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://8.8.8.8/hook", "https://1.1.1.1:8443/webhooks/cert?x=1", "https://[2606:4700:4700::1111]/"})
    void publicHttpsAddressesAreAccepted(String url) {
        assertDoesNotThrow(() -> TargetUrl.check(url, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://localhost:8080/hook", "http://[::1]:9/", "https://10.0.0.8/"})
    void localTargetsAreAcceptedOnlyWhenConfigured(String url) {
        assertDoesNotThrow(() -> TargetUrl.check(url, true));
        assertThrows(ProblemException.class, () -> TargetUrl.check(url, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.8/", "http://192.168.1.1/hook", "https://0.0.0.0/", "https://224.0.0.1/"})
    void evenConfiguredPlainHttpReachesOnlyLoopbackAndNoAddressIsEveryHost(String url) {
        assertThrows(ProblemException.class, () -> TargetUrl.check(url, true));
    }

    /** An address as a name server may answer it: sixteen bytes, never turned into an IPv4 address by the JDK. */
    private static java.net.InetAddress answered(String ipv6) throws Exception {
        byte[] bytes = new byte[16];
        if (ipv6.startsWith("::ffff:")) {
            bytes[10] = (byte) 0xFF;
            bytes[11] = (byte) 0xFF;
            System.arraycopy(java.net.InetAddress.getByName(ipv6.substring(7)).getAddress(), 0, bytes, 12, 4);
        } else {
            bytes = java.net.InetAddress.getByName(ipv6).getAddress();
        }
        return java.net.Inet6Address.getByAddress(null, bytes, -1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::10.0.0.1", "64:ff9b::7f00:1",
            "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2002:c0a8:101::1", "2001:0:a00:1::1", "2001:0:808:808::80ff:fffe"})
    void anIpv6AnswerThatCarriesAnInternalIpv4AddressIsRefusedAsThatAddress(String ipv6) throws Exception {
        java.net.InetAddress address = answered(ipv6);
        assertEquals(java.net.Inet6Address.class, address.getClass(), ipv6);
        org.junit.jupiter.api.Assertions.assertTrue(TargetUrl.refusal(address, false).isPresent(), ipv6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1", "2001:0:808:808::f7f7:f7f7"})
    void anIpv6AnswerThatCarriesAPublicIpv4AddressIsAccepted(String ipv6) throws Exception {
        assertEquals(java.util.Optional.empty(), TargetUrl.refusal(answered(ipv6), false), ipv6);
    }

    @org.junit.jupiter.api.Test
    void anOverlongAddressIsRefused() {
        String url = "https://8.8.8.8/" + "a".repeat(TargetUrl.MAX_LENGTH);
        assertEquals("url", assertThrows(ProblemException.class, () -> TargetUrl.check(url, false)).parameter());
    }
}
