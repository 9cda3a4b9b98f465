/**
 * Tokenizers for generation: byte-level BPE ({@link dev.course.engine.generate.bpe.ByteLevelBpeTokenizer},
 * GPT-2 style, with merges) and SentencePiece-style BPE ({@link dev.course.engine.generate.bpe.SentencePieceTokenizer}),
 * both read from a GGUF file by {@link dev.course.engine.generate.bpe.TokenizerLoader}, and
 * {@link dev.course.engine.generate.bpe.BpeTrainer}, which learns a byte-level vocabulary from text.
 */
package dev.course.engine.generate.bpe;
