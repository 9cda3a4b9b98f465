package dev.course.engine.generate.reference;

import dev.course.engine.generate.sample.Sampler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * llama.cpp as the yardstick for the engine's GGUF inference, in tests only.
 *
 * <p>The llama.cpp build comes from {@code de.kherud:llama} 4.2.0 (a test-scope dependency): its jar
 * bundles {@code libjllama.so}, llama.cpp release b4916 compiled for Linux x86_64 (AVX2) with the JNI
 * glue of the binding. The binding's Java API is a completion server: it returns text, and its
 * per-token probabilities are not read back correctly in 4.2.0. But the library also exports
 * llama.cpp's own C API ({@code llama_model_load_from_file}, {@code llama_decode},
 * {@code llama_get_logits_ith}, ...), so this class calls that API directly with the Foreign Function
 * and Memory API: the very forward pass llama.cpp runs, with every logit.
 *
 * <p>Use: {@code try (var ref = LlamaCppReference.load(file, 2, 256)) { float[] logits = ref.prefill(prompt);
 * int[] tokens = ref.greedy(prompt, 32); }}. One instance is one llama.cpp context (one sequence,
 * one KV cache); it is not thread-safe. {@link #load} throws {@link LlamaCppException} with llama.cpp's
 * own error lines when llama.cpp refuses a file.
 *
 * <p>The struct layouts below are those of llama.h at b4916 ({@code llama_model_params} 64 bytes,
 * {@code llama_context_params} 120, {@code llama_batch} 56), checked against the sizes the
 * library's {@code *_default_params} functions write.
 */
public final class LlamaCppReference implements AutoCloseable {

    /** Where the binding's jar keeps the native library for this platform. */
    static final String LIBRARY_RESOURCE = "/de/kherud/llama/Linux/x86_64/libjllama.so";
    /** llama.cpp's log lines kept to explain a failure (the rest are dropped: llama.cpp is chatty). */
    private static final int LOG_LINES_KEPT = 40;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment model;
    private final MemorySegment context;
    private final int vocabularySize;
    private final int contextLength;
    private int length;

    private LlamaCppReference(MemorySegment model, MemorySegment context, int vocabularySize, int contextLength) {
        this.model = model;
        this.context = context;
        this.vocabularySize = vocabularySize;
        this.contextLength = contextLength;
    }

    /** True on platforms the bundled library supports (Linux x86_64), so tests can skip elsewhere. */
    public static boolean available() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"))
                && LlamaCppReference.class.getResource(LIBRARY_RESOURCE) != null;
    }

    /**
     * Loads {@code gguf} with llama.cpp on the CPU.
     *
     * @param threads       threads for generation and for prompt batches (compare speeds with equal counts)
     * @param contextLength positions of the KV cache (prompt plus generated tokens)
     * @throws LlamaCppException if llama.cpp refuses the file or cannot make a context; the message
     *                           holds llama.cpp's last log lines (e.g. "unknown pre-tokenizer type")
     */
    public static LlamaCppReference load(Path gguf, int threads, int contextLength) {
        if (threads <= 0 || contextLength <= 0) {
            throw new IllegalArgumentException("threads and contextLength must be positive");
        }
        Native lib = Native.get();
        synchronized (Native.class) {
            lib.log.clear();
            try (Arena call = Arena.ofConfined()) {
                MemorySegment modelParams = (MemorySegment) lib.modelDefaultParams.invokeExact((SegmentAllocator) call);
                MemorySegment path = call.allocateFrom(gguf.toAbsolutePath().toString());
                MemorySegment model = (MemorySegment) lib.modelLoad.invokeExact(path, modelParams);
                if (model.equals(MemorySegment.NULL)) {
                    throw new LlamaCppException("llama.cpp refused " + gguf.getFileName() + ":\n" + lib.recentLog());
                }
                MemorySegment contextParams = (MemorySegment) lib.contextDefaultParams.invokeExact((SegmentAllocator) call);
                contextParams.set(JAVA_INT, 0, contextLength);                     // n_ctx
                contextParams.set(JAVA_INT, 4, Math.min(contextLength, 512));      // n_batch
                contextParams.set(JAVA_INT, 8, Math.min(contextLength, 512));      // n_ubatch
                contextParams.set(JAVA_INT, 16, threads);                          // n_threads
                contextParams.set(JAVA_INT, 20, threads);                          // n_threads_batch
                MemorySegment context = (MemorySegment) lib.initFromModel.invokeExact(model, contextParams);
                if (context.equals(MemorySegment.NULL)) {
                    lib.modelFree.invokeExact(model);
                    throw new LlamaCppException("llama.cpp could not make a context for " + gguf.getFileName() + ":\n" + lib.recentLog());
                }
                MemorySegment vocab = (MemorySegment) lib.modelGetVocab.invokeExact(model);
                int n = (int) lib.vocabNTokens.invokeExact(vocab);
                return new LlamaCppReference(model, context, n, contextLength);
            } catch (LlamaCppException e) {
                throw e;
            } catch (Throwable t) {
                throw new LlamaCppException("calling llama.cpp failed: " + t, t);
            }
        }
    }

    /** Tokens in the model's vocabulary, as llama.cpp counts them. */
    public int vocabularySize() {
        return vocabularySize;
    }

    /** Positions filled in the KV cache so far. */
    public int length() {
        return length;
    }

    /** llama.cpp's tokenization of {@code text}, with no special tokens added and none parsed. */
    public int[] tokenize(String text) {
        Native lib = Native.get();
        try (Arena call = Arena.ofConfined()) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            MemorySegment bytes = call.allocate(utf8.length + 1L);
            MemorySegment.copy(utf8, 0, bytes, JAVA_BYTE, 0, utf8.length);
            int room = utf8.length + 8;
            MemorySegment out = call.allocate(JAVA_INT, room);
            MemorySegment vocab = (MemorySegment) lib.modelGetVocab.invokeExact(model);
            int n = (int) lib.tokenize.invokeExact(vocab, bytes, utf8.length, out, room, false, false);
            if (n < 0) {
                throw new LlamaCppException("llama_tokenize needs room for " + (-n) + " tokens");
            }
            return out.asSlice(0, (long) n * Integer.BYTES).toArray(JAVA_INT);
        } catch (LlamaCppException e) {
            throw e;
        } catch (Throwable t) {
            throw new LlamaCppException("llama_tokenize failed: " + t, t);
        }
    }

    /**
     * Runs {@code tokens} at the next positions in one batch (as llama.cpp processes a prompt) and
     * returns the logits after the last one.
     */
    public float[] prefill(int... tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("nothing to run");
        }
        if (length + tokens.length > contextLength) {
            throw new IllegalStateException("the context holds " + contextLength + " positions, not " + (length + tokens.length));
        }
        Native lib = Native.get();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment ids = call.allocateFrom(JAVA_INT, tokens);
            MemorySegment batch = (MemorySegment) lib.batchGetOne.invokeExact((SegmentAllocator) call, ids, tokens.length);
            int status = (int) lib.decode.invokeExact(context, batch);
            if (status != 0) {
                throw new LlamaCppException("llama_decode returned " + status + ":\n" + lib.recentLog());
            }
            length += tokens.length;
            MemorySegment logits = (MemorySegment) lib.getLogitsIth.invokeExact(context, -1);
            return logits.reinterpret((long) vocabularySize * Float.BYTES).toArray(JAVA_FLOAT);
        } catch (LlamaCppException | IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new LlamaCppException("llama_decode failed: " + t, t);
        }
    }

    /** Runs one token at the next position and returns the logits after it. */
    public float[] next(int token) {
        return prefill(token);
    }

    /** Empties the KV cache: the next token goes at position 0 again. */
    public void reset() {
        try {
            Native.get().kvSelfClear.invokeExact(context);
        } catch (Throwable t) {
            throw new LlamaCppException("llama_kv_self_clear failed: " + t, t);
        }
        length = 0;
    }

    /**
     * Greedy decoding from an empty cache: the prompt, then {@code steps} tokens, each the one with
     * the highest logit (the lowest id on a tie), never stopping at end-of-text.
     */
    public int[] greedy(int[] prompt, int steps) {
        reset();
        int[] out = new int[steps];
        float[] logits = prefill(prompt);
        for (int i = 0; i < steps; i++) {
            out[i] = Sampler.argmax(logits);
            if (i + 1 < steps) {
                logits = next(out[i]);
            }
        }
        return out;
    }

    @Override
    public void close() {
        Native lib = Native.get();
        try {
            lib.free.invokeExact(context);
            lib.modelFree.invokeExact(model);
        } catch (Throwable t) {
            throw new LlamaCppException("freeing llama.cpp's model failed: " + t, t);
        } finally {
            arena.close();
        }
    }

    /** llama.cpp refused a file or a call failed. */
    public static final class LlamaCppException extends RuntimeException {
        LlamaCppException(String message) {
            super(message);
        }

        LlamaCppException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The library, loaded once per JVM, and handles to the functions used above. */
    private static final class Native {
        private static Native instance;

        /** {@code struct llama_batch}: n_tokens, then six pointers (token, embd, pos, n_seq_id, seq_id, logits). */
        static final StructLayout BATCH = MemoryLayout.structLayout(JAVA_INT, MemoryLayout.paddingLayout(4),
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        /** {@code struct llama_model_params}: devices, n_gpu_layers, split_mode, main_gpu, tensor_split,
         *  progress_callback, its user data, kv_overrides, vocab_only, use_mmap, use_mlock, check_tensors. */
        static final StructLayout MODEL_PARAMS = MemoryLayout.structLayout(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                MemoryLayout.paddingLayout(4), ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                JAVA_BOOLEAN, JAVA_BOOLEAN, JAVA_BOOLEAN, JAVA_BOOLEAN, MemoryLayout.paddingLayout(4));
        /** {@code struct llama_context_params}: nine 32-bit counts and enums, eight floats (and yarn_orig_ctx),
         *  the eval callback and its data, type_k, type_v, five flags, the abort callback and its data. */
        static final StructLayout CONTEXT_PARAMS = MemoryLayout.structLayout(
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_FLOAT, JAVA_FLOAT, JAVA_FLOAT, JAVA_FLOAT, JAVA_FLOAT, JAVA_FLOAT, JAVA_INT, JAVA_FLOAT,
                MemoryLayout.paddingLayout(4), ADDRESS, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_BOOLEAN, JAVA_BOOLEAN, JAVA_BOOLEAN, JAVA_BOOLEAN, JAVA_BOOLEAN, MemoryLayout.paddingLayout(3),
                ADDRESS, ADDRESS);

        final Deque<String> log = new ArrayDeque<>();
        final MethodHandle modelDefaultParams, contextDefaultParams, modelLoad, initFromModel, modelGetVocab,
                vocabNTokens, tokenize, batchGetOne, decode, getLogitsIth, kvSelfClear, free, modelFree;

        static synchronized Native get() {
            if (instance == null) {
                instance = new Native();
            }
            return instance;
        }

        private Native() {
            if (!available()) {
                throw new LlamaCppException("llama.cpp's library for this platform is not on the class path ("
                        + LIBRARY_RESOURCE + " from de.kherud:llama): the reference runs on Linux x86_64 only");
            }
            Path file = extract();
            Linker linker = Linker.nativeLinker();
            SymbolLookup symbols = SymbolLookup.libraryLookup(file, Arena.global());
            modelDefaultParams = find(linker, symbols, "llama_model_default_params", FunctionDescriptor.of(MODEL_PARAMS));
            contextDefaultParams = find(linker, symbols, "llama_context_default_params", FunctionDescriptor.of(CONTEXT_PARAMS));
            modelLoad = find(linker, symbols, "llama_model_load_from_file", FunctionDescriptor.of(ADDRESS, ADDRESS, MODEL_PARAMS));
            initFromModel = find(linker, symbols, "llama_init_from_model", FunctionDescriptor.of(ADDRESS, ADDRESS, CONTEXT_PARAMS));
            modelGetVocab = find(linker, symbols, "llama_model_get_vocab", FunctionDescriptor.of(ADDRESS, ADDRESS));
            vocabNTokens = find(linker, symbols, "llama_vocab_n_tokens", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            tokenize = find(linker, symbols, "llama_tokenize", FunctionDescriptor.of(JAVA_INT,
                    ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_BOOLEAN, JAVA_BOOLEAN));
            batchGetOne = find(linker, symbols, "llama_batch_get_one", FunctionDescriptor.of(BATCH, ADDRESS, JAVA_INT));
            decode = find(linker, symbols, "llama_decode", FunctionDescriptor.of(JAVA_INT, ADDRESS, BATCH));
            getLogitsIth = find(linker, symbols, "llama_get_logits_ith", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT));
            kvSelfClear = find(linker, symbols, "llama_kv_self_clear", FunctionDescriptor.ofVoid(ADDRESS));
            free = find(linker, symbols, "llama_free", FunctionDescriptor.ofVoid(ADDRESS));
            modelFree = find(linker, symbols, "llama_model_free", FunctionDescriptor.ofVoid(ADDRESS));
            try {
                MethodHandle logTarget = MethodHandles.lookup().findStatic(Native.class, "onLog",
                        MethodType.methodType(void.class, int.class, MemorySegment.class, MemorySegment.class));
                MemorySegment callback = linker.upcallStub(logTarget,
                        FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, ADDRESS), Arena.global());
                find(linker, symbols, "llama_log_set", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS))
                        .invokeExact(callback, MemorySegment.NULL);
                find(linker, symbols, "llama_backend_init", FunctionDescriptor.ofVoid()).invokeExact();
            } catch (Throwable t) {
                throw new LlamaCppException("initialising llama.cpp failed: " + t, t);
            }
        }

        /** Keeps llama.cpp's last log lines (it logs from its own threads too). */
        private static void onLog(int level, MemorySegment text, MemorySegment userData) {
            Native lib = instance;
            if (lib == null || text.equals(MemorySegment.NULL)) return;
            String line = text.reinterpret(4096).getString(0).strip();
            synchronized (lib.log) {
                if (lib.log.size() == LOG_LINES_KEPT) lib.log.removeFirst();
                lib.log.addLast(line);
            }
        }

        String recentLog() {
            synchronized (log) {
                return String.join("\n", log);
            }
        }

        private static MethodHandle find(Linker linker, SymbolLookup symbols, String name, FunctionDescriptor descriptor) {
            MemorySegment address = symbols.find(name).orElseThrow(
                    () -> new LlamaCppException("llama.cpp's library has no " + name + ": not the b4916 build of de.kherud:llama 4.2.0?"));
            return linker.downcallHandle(address, descriptor);
        }

        /** Copies the library out of the jar once per JVM (a jar entry cannot be mapped). */
        private static Path extract() {
            try (InputStream in = LlamaCppReference.class.getResourceAsStream(LIBRARY_RESOURCE)) {
                Path dir = Files.createTempDirectory("llama-cpp-reference");
                Path file = dir.resolve("libjllama.so");
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                file.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException("could not copy llama.cpp's library out of the jar", e);
            }
        }
    }

    @Override
    public String toString() {
        return "llama.cpp b4916 (de.kherud:llama 4.2.0), vocabulary " + vocabularySize + ", " + length + "/" + contextLength
                + " positions";
    }
}
