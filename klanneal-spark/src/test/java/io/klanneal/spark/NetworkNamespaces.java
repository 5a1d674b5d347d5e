package io.klanneal.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Hosts simulated on one Linux machine: a network namespace per host, each with one interface and
 * its own address, joined by a bridge in a namespace of its own. The addresses are in 198.18.0.0/24
 * (RFC 2544's range for benchmarking networks) and exist only inside these namespaces, so nothing
 * reaches or leaves the machine's own network. Needs root and iproute2's {@code ip}. Closing kills
 * every process left in the namespaces and deletes them.
 */
final class NetworkNamespaces implements AutoCloseable {

    private final String prefix;
    private final int hosts;
    private final List<String> created = new ArrayList<>();

    /**
     * Makes the hosts.
     *
     * @param hosts how many
     * @throws IOException if a namespace or link cannot be made (everything made is removed)
     */
    NetworkNamespaces(int hosts) throws IOException {
        this.prefix = "klanneal-" + ProcessHandle.current().pid() + "-";
        this.hosts = hosts;
        try {
            String hub = add("hub");
            ip("-n", hub, "link", "set", "lo", "up");
            ip("-n", hub, "link", "add", "br0", "type", "bridge");
            ip("-n", hub, "link", "set", "br0", "up");
            for (int host = 0; host < hosts; host++) {
                String ns = add("host" + host);
                String port = "host" + host;
                ip("-n", hub, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns);
                ip("-n", hub, "link", "set", port, "master", "br0", "up");
                ip("-n", ns, "addr", "add", address(host) + "/24", "dev", "eth0");
                ip("-n", ns, "link", "set", "eth0", "up");
                ip("-n", ns, "link", "set", "lo", "up");
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Returns why hosts cannot be simulated here, or null when they can (Linux, root, ip netns).
     */
    static String unavailable() {
        if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")) {
            return "network namespaces are Linux's";
        }
        try (NetworkNamespaces probe = new NetworkNamespaces(1)) {
            return null;
        } catch (IOException | RuntimeException e) {
            return "cannot make a network namespace (needs root and iproute2's ip): " + e.getMessage();
        }
    }

    /** Returns a host's address. */
    String address(int host) {
        return "198.18.0." + (host + 1);
    }

    /** Returns the command that runs {@code command} on a host. */
    List<String> on(int host, List<String> command) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name("host" + host)));
        all.addAll(command);
        return all;
    }

    /** Returns the processes running on a host. */
    List<Long> pids(int host) throws IOException {
        String out = run(List.of("ip", "netns", "pids", name("host" + host)));
        return out.lines().filter(l -> !l.isBlank()).map(l -> Long.parseLong(l.trim())).toList();
    }

    /** Kills every process on a host (SIGKILL), as a host that loses power. */
    void killAll(int host) throws IOException {
        for (int round = 0; round < 50; round++) {
            List<Long> pids = pids(host);
            if (pids.isEmpty()) {
                return;
            }
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while killing host " + host, e);
            }
        }
        throw new IOException("processes on host " + host + " outlived 50 rounds of SIGKILL: " + pids(host));
    }

    @Override
    public void close() throws IOException {
        for (int host = 0; host < hosts; host++) {
            if (created.contains(name("host" + host))) {
                killAll(host);
            }
        }
        // Deleting the hub deletes the bridge and every link's end.
        for (int i = created.size() - 1; i >= 0; i--) {
            run(List.of("ip", "netns", "del", created.get(i)));
        }
        created.clear();
    }

    private String name(String what) {
        return prefix + what;
    }

    private String add(String what) throws IOException {
        String ns = name(what);
        run(List.of("ip", "netns", "add", ns));
        created.add(ns);
        return ns;
    }

    private static void ip(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        run(command);
    }

    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out.trim());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
