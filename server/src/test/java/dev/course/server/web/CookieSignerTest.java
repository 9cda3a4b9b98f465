package dev.course.server.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CookieSignerTest {

    private final CookieSigner signer = CookieSigner.ephemeral();

    @Test
    void verifiesWhatItSignedAndNothingElse() {
        String id = LearnerCookie.newId();
        String signed = signer.sign(id);
        assertEquals(Optional.of(id), signer.verify(signed));
        assertEquals(Optional.empty(), signer.verify(id), "an unsigned id");
        assertEquals(Optional.empty(), CookieSigner.ephemeral().verify(signed), "another server's secret");
        String otherId = LearnerCookie.newId();
        assertEquals(Optional.empty(), signer.verify(otherId + signed.substring(id.length())), "a signature moved to another id");
        char last = signed.charAt(signed.length() - 1);
        assertEquals(Optional.empty(), signer.verify(signed.substring(0, signed.length() - 1) + (last == '0' ? '1' : '0')));
        assertEquals(Optional.empty(), signer.verify(signed + "00"));
        assertEquals(Optional.empty(), signer.verify("." + signed.substring(id.length() + 1)));
        assertEquals(Optional.empty(), signer.verify(id + ".zz" + signed.substring(id.length() + 3)));
        assertEquals(Optional.empty(), signer.verify(null));
    }

    @Test
    void refusesShortSecrets() {
        assertThrows(IllegalArgumentException.class, () -> new CookieSigner(new byte[16]));
    }

    @Test
    void aLearnerCookieProvesOnlyIdsThisServerSigned() {
        LearnerCookie cookies = new LearnerCookie(signer, false, LearnerCookie.PRIVATE_LIFETIME, id -> false);
        String id = LearnerCookie.newId();
        assertEquals(Optional.of(id), cookies.verify(cookies.signed(id)));
        assertEquals(Optional.empty(), cookies.verify(signer.sign("not-a-learner-id")));
        assertThrows(IllegalArgumentException.class, () -> cookies.signed("x"));
    }

    @Test
    void theSecretIsMadeOnceReadableOnlyByItsOwner(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data/server-secret");
        byte[] first = ServerSecret.loadOrCreate(file);
        assertEquals(CookieSigner.MIN_SECRET_BYTES, first.length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(first, ServerSecret.loadOrCreate(file), "the same secret after a restart");
        Files.writeString(file, "not hex");
        IllegalStateException broken = assertThrows(IllegalStateException.class, () -> ServerSecret.loadOrCreate(file));
        assertTrue(broken.getMessage().contains("delete it"), broken.getMessage());
    }
}
