package dev.course.server.modelhub;

import dev.course.engine.generate.gguf.GgufFile;
import dev.course.engine.generate.gguf.GgufTensorInfo;
import dev.course.engine.generate.gguf.GgufType;
import dev.course.engine.generate.model.ModelLoader;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a GGUF file's header says, read with the engine's own reader: architecture, quantisation,
 * name, licence, and whether the engine can run it.
 *
 * @param quantisation the file type llama.cpp's quantiser wrote ({@code general.file_type}: Q8_0, Q4_K_M, ...),
 *                     else the tensor type holding most of the bytes
 * @param problem      why the engine cannot run it, or null when it can
 */
public record GgufSummary(String architecture, String quantisation, String name, String license, String problem) {

    /**
     * Names of llama.cpp's {@code llama_ftype} values (its {@code general.file_type}) for the common
     * types; a file with another value is described by its tensors instead.
     */
    private static final Map<Integer, String> FILE_TYPES = Map.ofEntries(
            Map.entry(0, "F32"), Map.entry(1, "F16"), Map.entry(2, "Q4_0"), Map.entry(3, "Q4_1"),
            Map.entry(7, "Q8_0"), Map.entry(8, "Q5_0"), Map.entry(9, "Q5_1"), Map.entry(10, "Q2_K"),
            Map.entry(11, "Q3_K_S"), Map.entry(12, "Q3_K_M"), Map.entry(13, "Q3_K_L"), Map.entry(14, "Q4_K_S"),
            Map.entry(15, "Q4_K_M"), Map.entry(16, "Q5_K_S"), Map.entry(17, "Q5_K_M"), Map.entry(18, "Q6_K"),
            Map.entry(32, "BF16"));

    /** Reads the header of {@code path}; a file that does not read is described, not thrown. */
    public static GgufSummary read(Path path) {
        GgufFile file;
        try {
            file = GgufFile.open(path);
        } catch (Exception e) {
            return new GgufSummary("?", "?", null, null, "its header does not read (" + e.getMessage() + ")");
        }
        String architecture = file.string("general.architecture", "?");
        Map<GgufType, Long> bytes = new EnumMap<>(GgufType.class);
        for (GgufTensorInfo tensor : file.tensors().values()) {
            bytes.merge(tensor.type(), tensor.bytes(), Long::sum);
        }
        String dominant = bytes.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> e.getKey().name()).orElse("?");
        int fileType = file.integer("general.file_type", -1);
        String quantisation = FILE_TYPES.getOrDefault(fileType, dominant);
        String problem = null;
        if (!ModelLoader.ARCHITECTURES.contains(architecture)) {
            problem = "architecture '" + architecture + "' is not one the engine runs " + ModelLoader.ARCHITECTURES;
        } else {
            var unsupported = bytes.keySet().stream().filter(type -> !type.supported()).map(Enum::name).sorted().toList();
            if (!unsupported.isEmpty()) {
                problem = "the engine does not compute with tensor type(s) " + String.join(", ", unsupported) + " yet";
            }
        }
        return new GgufSummary(architecture, quantisation, file.string("general.name", null),
                file.string("general.license", null), problem);
    }
}
