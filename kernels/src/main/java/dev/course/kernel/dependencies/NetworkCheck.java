package dev.course.kernel.dependencies;

import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * Whether this process can reach any network at all. The course server runs kernels in a sandbox
 * with a network namespace of their own ({@code bwrap --unshare-net}): there the only interface is
 * the loopback, and looking anything up would only wait for a timeout.
 */
public final class NetworkCheck {

    private NetworkCheck() {
    }

    /** Whether an interface other than the loopback is up. */
    public static boolean hasNetwork() {
        try {
            return NetworkInterface.networkInterfaces().anyMatch(NetworkCheck::isUsable);
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean isUsable(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
