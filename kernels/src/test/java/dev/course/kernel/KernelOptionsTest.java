package dev.course.kernel;

import dev.course.engine.generate.train.TrainedModels;
import dev.course.kernel.protocol.KernelLaunch;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class KernelOptionsTest {

    @Test
    void theEmbeddingCacheIsInTheCourseCacheUnlessNamedOrSwitchedOff() {
        Path standard = TrainedModels.cacheDir().resolve("embeddings").resolve("batches");
        assertEquals(standard, KernelOptions.embeddingCacheFolder(null));
        assertEquals(standard, KernelOptions.embeddingCacheFolder(" "));
        assertEquals(Path.of("/tmp/vectors"), KernelOptions.embeddingCacheFolder(" /tmp/vectors "));
        assertNull(KernelOptions.embeddingCacheFolder(KernelLaunch.EMBEDDING_CACHE_OFF));
        assertNull(new KernelOptions(1000, false, 0).embeddingCache(), "a kernel built in code keeps nothing unless told");
    }
}
