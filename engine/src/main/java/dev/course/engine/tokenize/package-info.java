/**
 * BERT WordPiece tokenisation, step by step: {@link dev.course.engine.tokenize.BertNormalizer}
 * (clean, CJK spacing, strip accents, lowercase), {@link dev.course.engine.tokenize.BertPreTokenizer}
 * (whitespace and punctuation), {@link dev.course.engine.tokenize.WordPiece} (greedy longest match
 * with {@code ##} continuations) and {@link dev.course.engine.tokenize.WordPieceTokenizer}, which
 * reads a Hugging Face {@code tokenizer.json} and frames the result as an
 * {@link dev.course.engine.tokenize.Encoding} with offsets into the original text.
 */
package dev.course.engine.tokenize;
