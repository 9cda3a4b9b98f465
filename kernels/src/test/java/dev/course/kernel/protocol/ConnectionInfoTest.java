package dev.course.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionInfoTest {

    @Test
    void readsAJupyterConnectionFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kernel-1234.json");
        Files.writeString(file, """
                {"shell_port": 53794, "iopub_port": 53795, "stdin_port": 53796, "control_port": 53797,
                 "hb_port": 53798, "ip": "127.0.0.1", "key": "6d1f1ba1-3b1d", "transport": "tcp",
                 "signature_scheme": "hmac-sha256", "kernel_name": "course-java"}""");

        ConnectionInfo info = ConnectionInfo.read(file);

        assertEquals("tcp://127.0.0.1:53794", info.endpoint(info.shellPort()));
        assertEquals(53798, info.hbPort());
        assertTrue(info.signer().isEnabled());
        assertEquals("ipc://kernel-ipc-5", new ConnectionInfo("ipc", "kernel-ipc", 1, 2, 3, 4, 5, "", "").endpoint(5));
        assertFalse(new ConnectionInfo("tcp", "127.0.0.1", 1, 2, 3, 4, 5, "", "").signer().isEnabled());
    }

    @Test
    void refusesSignatureSchemesItCannotCheck() {
        assertThrows(IllegalArgumentException.class,
                () -> new ConnectionInfo("tcp", "127.0.0.1", 1, 2, 3, 4, 5, "key", "hmac-md5"));
    }
}
